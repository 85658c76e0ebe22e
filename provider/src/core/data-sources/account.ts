import { z } from "zod";
import { getAccount, listAccounts } from "../resources/account/api";
import { stateFromWire } from "../resources/account/mapping";
import { accountInputs, accountOutputs } from "../resources/account/schema";
import { sid } from "../resources/shared-fields";
import { field } from "../schema/meta";
import { defineDataSource } from "./data-source-definition";

const a = accountInputs.shape;

const inputs = z.object({
  id: field(sid().optional(), { description: "SID of the account to read. Set exactly one of `id` and `name`." }),
  name: field(z.string().min(1, "must not be empty").optional(), {
    description: "Name of the account to read, within the service provider. Set exactly one of `id` and `name`.",
  }),
  service_provider_sid: field(sid().optional(), {
    description: "Service provider to look the name up in. Defaults to the provider configuration's.",
  }),
});

const outputs = z.object({
  sip_realm: a.sip_realm,
  registration_hook: a.registration_hook,
  queue_event_hook: a.queue_event_hook,
  device_calling_application_sid: a.device_calling_application_sid,
  siprec_application_sid: a.siprec_application_sid,
  enable_debug_log: a.enable_debug_log,
  webhook_secret: accountOutputs.shape.webhook_secret,
  record_all_calls: field(z.boolean(), { description: "Whether all calls of the account are recorded.", readOnly: true }),
  record_format: field(z.string(), { description: "Audio format of the account's recordings.", readOnly: true }),
});

type Config = z.output<typeof inputs>;

export const accountDataSource = defineDataSource<Config, Record<string, unknown>>({
  name: "account",
  description: "Reads an existing account by SID, or by name within a service provider (names are unique there).",
  inputs,
  outputs,
  check(config) {
    const set = [config.id, config.name].filter((v) => v !== undefined).length;
    return set === 1 ? [] : [{ path: [], message: "set exactly one of id and name" }];
  },
  async read(ctx, config) {
    let accountSid = config.id;
    if (accountSid === undefined) {
      const sp = config.service_provider_sid ?? ctx.serviceProviderSid;
      const matches = (await listAccounts(ctx, sp)).filter((x) => x.name === config.name);
      if (matches.length !== 1) {
        throw new Error(
          matches.length === 0
            ? `No account named ${JSON.stringify(config.name)} in ${sp ? `service provider ${sp}` : "the accounts this key can see"}`
            : `${matches.length} accounts are named ${JSON.stringify(config.name)} (${matches.map((m) => m.account_sid).join(", ")}); read it by id instead`,
        );
      }
      accountSid = matches[0]!.account_sid;
    }
    const wire = await getAccount(ctx, accountSid);
    if (!wire) throw new Error(`No account with SID ${accountSid}`);
    const state = stateFromWire(wire, null);
    return {
      ...state,
      record_all_calls: wire.record_all_calls ?? false,
      record_format: wire.record_format ?? "mp3",
    };
  },
});
