// The demo's path where no terraform is installed: the Pulumi dynamic provider, driven through Pulumi's own
// provider host over gRPC exactly as the Pulumi engine drives it (there is no Pulumi CLI to run it for us).
import { type RunningEmulator } from "../provider/src/emulator";
import { DIFF_SOME, envWithoutVoiceGateway, startPulumiHarness, urnOf } from "../test/support/pulumi-host";

interface Printer {
  step(text: string): void;
  say(text: string): void;
}

export async function runPulumiDemo(emulator: RunningEmulator, _work: string, { step, say }: Printer): Promise<void> {
  step("Installing the package into a throwaway Pulumi program and starting Pulumi's dynamic-provider host in it");
  const harness = await startPulumiHarness(
    envWithoutVoiceGateway({
      VOICEGATEWAY_API_URL: emulator.apiUrl,
      VOICEGATEWAY_API_KEY: emulator.adminKey,
      VOICEGATEWAY_SERVICE_PROVIDER_SID: emulator.serviceProviderSid,
    }),
  );
  const { host, providers } = harness;
  try {
    const account = { name: "pulumi-acme", sipRealm: "pulumi-acme.sip.example.com", __provider: providers.Account };
    step("pulumi up: Check and Create of an account, its API key and its limits");
    const checked = await host.check(urnOf("Account", "acme"), {}, account);
    const created = await host.create(urnOf("Account", "acme"), checked.inputs);
    say(`Account ${created.id} created`);
    const key = await host.create(
      urnOf("AccountApiKey", "ci"),
      (await host.check(urnOf("AccountApiKey", "ci"), {}, { accountSid: created.id, __provider: providers.AccountApiKey })).inputs,
    );
    say(`AccountApiKey ${key.id} created (its token is a secret output)`);
    const limitsInputs = { accountSid: created.id, unit: "sessions", max: 100, licensed: 50, __provider: providers.AccountLimits };
    const limits = await host.create(
      urnOf("AccountLimits", "limits"),
      (await host.check(urnOf("AccountLimits", "limits"), {}, limitsInputs)).inputs,
    );
    say(`AccountLimits created: max 100, licensed 50`);

    step("Changing the portal behind Pulumi's back: the limits are raised in the portal");
    await fetch(`${emulator.apiUrl}/Accounts/${created.id}/Limits`, {
      method: "POST",
      headers: { authorization: `Bearer ${emulator.adminKey}`, "content-type": "application/json" },
      body: JSON.stringify({ category: "voice_call_session", quantity: 500 }),
    });

    step("pulumi refresh and preview: Read finds the change, Diff plans to put it back");
    const refreshed = await host.read(urnOf("AccountLimits", "limits"), limits.id, limits.properties);
    say(`read back: max ${String(refreshed.properties.max)} (declared 100)`);
    const diff = await host.diff(urnOf("AccountLimits", "limits"), limits.id, refreshed.properties, limitsInputs);
    say(diff.changes === DIFF_SOME ? "diff: an update will set max back to 100" : "diff: no changes");

    step("pulumi destroy: Delete of the limits, the key and the account");
    await host.delete(urnOf("AccountLimits", "limits"), limits.id, refreshed.properties);
    await host.delete(urnOf("AccountApiKey", "ci"), key.id, key.properties);
    await host.delete(urnOf("Account", "acme"), created.id, created.properties);
    say("all deleted");
  } finally {
    await harness.close();
  }
}
