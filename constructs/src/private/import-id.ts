import { type IConstruct } from "constructs";
import { type ResourceDefinition } from "../../../provider/src/core/resources/resource-definition";
import { ConfigValidationError } from "../../../provider/src/core/schema/issues";
import { uuidProblem } from "../../../provider/src/core/validation/formats";

/**
 * Checks an ID given to `importFrom()` against the resource's import format (`<account_sid>`,
 * `<account_sid>/<api_key_sid>`) eagerly, so a typo fails at synth rather than at `terraform plan`.
 */
export function checkImportId(construct: IConstruct, what: string, definition: ResourceDefinition, id: string): void {
  const format = definition.importId;
  if (!format) throw new Error(`${what}: ${definition.name} cannot be imported`);
  const parts = typeof id === "string" ? id.split("/") : [];
  const expected = format.format.split("/").length;
  if (parts.length === expected && parts.every((part) => uuidProblem(part) === undefined)) return;
  throw new ConfigValidationError(`${what} (${construct.node.path})`, [
    {
      path: ["importFrom"],
      shownValue: JSON.stringify(id),
      message: `must be ${format.format}, each a portal SID (an RFC 4122 UUID), e.g. ${format.example}`,
    },
  ]);
}
