import { type z } from "zod";
import { type HandlerContext } from "../resources/handler-context";
import { type FieldSpec, fieldsOf } from "../schema/introspect";
import { type ValidationIssue } from "../schema/issues";

/** A read-only lookup: its inputs select what to read, its outputs are what the portal holds. */
export interface DataSourceDefinition<Config = any, State = any> {
  readonly name: string;
  readonly description: string;
  readonly inputs: z.ZodObject;
  readonly outputs: z.ZodObject;
  readonly inputFields: readonly FieldSpec[];
  readonly outputFields: readonly FieldSpec[];
  /** Checks across inputs (exactly one of `id` and `name`, ...). */
  check(config: Config): ValidationIssue[];
  read(ctx: HandlerContext, config: Config): Promise<State>;
}

export function defineDataSource<Config, State>(
  definition: Omit<DataSourceDefinition<Config, State>, "inputFields" | "outputFields">,
): DataSourceDefinition<Config, State> {
  return { ...definition, inputFields: fieldsOf(definition.inputs), outputFields: fieldsOf(definition.outputs) };
}
