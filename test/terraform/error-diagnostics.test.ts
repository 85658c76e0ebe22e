import { errorDiagnostics } from "../../provider/src/terraform/error-diagnostics";
import { DiagnosticError } from "../../provider/src/terraform/protocol/diagnostics";

describe("errorDiagnostics", () => {
  it("titles the operation with the portal's acronyms", () => {
    const [diagnostic] = errorDiagnostics(new Error('got "x"'), "import account api key", [], null);
    expect(diagnostic).toMatchObject({ summary: "Cannot Import Account API Key", detail: 'got "x"' });
    expect(errorDiagnostics(new Error("no"), "run account tts cache clear", [], null)[0]?.summary).toBe(
      "Cannot Run Account TTS Cache Clear",
    );
  });

  it("keeps a DiagnosticError as it was written, without the provider-bug wording", () => {
    const [diagnostic] = errorDiagnostics(new DiagnosticError("Provider Not Configured", "Set api_url."), "read account", [], null);
    expect(diagnostic).toMatchObject({ summary: "Provider Not Configured", detail: "Set api_url." });
  });
});
