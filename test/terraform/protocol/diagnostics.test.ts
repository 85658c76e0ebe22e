import { formatPath, fromAttributePath, mapKey, toAttributePath } from "../../../provider/src/terraform/protocol/attribute-path";
import { Diagnostics, diagnosticFromError } from "../../../provider/src/terraform/protocol/diagnostics";
import { DiagnosticSeverity } from "../../../provider/src/terraform/protocol/messages";
import { CtyValueError } from "../../../provider/src/terraform/protocol/msgpack";

describe("diagnostics", () => {
  it("maps path steps: names to attribute_name, numbers to element_key_int, mapKey to element_key_string", () => {
    const path = toAttributePath(["rules", 0, "labels", mapKey("env")]);
    expect(path).toEqual({
      steps: [{ attribute_name: "rules" }, { element_key_int: 0 }, { attribute_name: "labels" }, { element_key_string: "env" }],
    });
    expect(fromAttributePath(path)).toEqual(["rules", 0, "labels", { key: "env" }]);
    expect(formatPath(["rules", 0, "labels", mapKey("env")])).toBe('rules[0].labels["env"]');
  });

  it("collects errors and warnings", () => {
    const diags = new Diagnostics().warning("Deprecated Field", "Use x.").error("Invalid Name", "Too long.", ["name"]);
    expect(diags.hasErrors()).toBe(true);
    expect(diags.toArray()).toEqual([
      { severity: DiagnosticSeverity.WARNING, summary: "Deprecated Field", detail: "Use x." },
      {
        severity: DiagnosticSeverity.ERROR,
        summary: "Invalid Name",
        detail: "Too long.",
        attribute: { steps: [{ attribute_name: "name" }] },
      },
    ]);
    expect(new Diagnostics().warning("w").hasErrors()).toBe(false);
  });

  it("turns errors into diagnostics that keep the original message last", () => {
    const diagnostic = diagnosticFromError(new CtyValueError("number is required", ["size"]));
    expect(diagnostic.attribute).toEqual({ steps: [{ attribute_name: "size" }] });
    expect(diagnostic.detail).toMatch(/^size: number is required/);
    expect(diagnosticFromError("plain string").detail).toContain("plain string");
  });
});
