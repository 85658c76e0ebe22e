import * as pulumi from "@pulumi/pulumi";
import { type z } from "zod";
import { accountInputs } from "../../provider/src/core/resources/account/schema";
import { apiKeyInputs } from "../../provider/src/core/resources/account-api-key/schema";
import { limitsInputs } from "../../provider/src/core/resources/account-limits/schema";
import { recordingInputs } from "../../provider/src/core/resources/account-recording/schema";
import {
  type Account,
  type AccountApiKey,
  type AccountApiKeyArgs,
  type AccountArgs,
  type AccountLimits,
  type AccountLimitsArgs,
  type AccountRecording,
  type AccountRecordingArgs,
  type CamelCase,
} from "../../provider/src/pulumi";
import { camelName } from "../../provider/src/pulumi/naming";

/**
 * The Pulumi args and outputs are derived from the zod models' types. These checks run in `tsc --noEmit`
 * (npm run typecheck); the jest part compares the same key lists with the models at run time.
 */

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): T | undefined {
  return undefined;
}
type IsRequired<T, K extends keyof T> = {} extends Pick<T, K> ? false : true;
type ArgNames<Args> = Exclude<keyof Args, "connection">;
type ModelNames<Model extends z.ZodObject> = CamelCase<keyof z.input<Model> & string>;
type OutputValue<O> = O extends pulumi.Output<infer T> ? T : never;

// Every model input is an arg (camelCase), and nothing else but the connection.
assertType<Equals<ArgNames<AccountArgs>, ModelNames<typeof accountInputs>>>();
assertType<Equals<ArgNames<AccountApiKeyArgs>, ModelNames<typeof apiKeyInputs>>>();
assertType<Equals<ArgNames<AccountRecordingArgs>, ModelNames<typeof recordingInputs>>>();
assertType<Equals<ArgNames<AccountLimitsArgs>, ModelNames<typeof limitsInputs>>>();

// Required exactly where the model has no default and no optional.
assertType<IsRequired<AccountArgs, "name">>();
assertType<Equals<IsRequired<AccountArgs, "enableDebugLog">, false>>();
assertType<Equals<IsRequired<AccountArgs, "connection">, false>>();
assertType<IsRequired<AccountRecordingArgs, "accountSid">>();
assertType<Equals<IsRequired<AccountLimitsArgs, "unit">, false>>();

// Values are Inputs, nested objects too; map keys stay as they are.
assertType<Equals<AccountArgs["name"], pulumi.Input<string>>>();
assertType<Equals<AccountLimitsArgs["max"], pulumi.Input<number> | undefined>>();
type S3Args = Exclude<pulumi.Unwrap<AccountRecordingArgs["awsS3"]>, undefined>;
assertType<Equals<keyof S3Args, "bucket" | "region" | "accessKeyId" | "secretAccessKey" | "tags" | "skipRegionValidation">>();

// Outputs: the model's state, camelCase, each an Output; `id` stays Pulumi's own.
assertType<Equals<Account["webhookSecret"], pulumi.Output<string>>>();
assertType<Equals<Account["id"], pulumi.Output<pulumi.ID>>>();
assertType<Equals<AccountApiKey["token"], pulumi.Output<string>>>();
assertType<Equals<OutputValue<AccountLimits["unit"]>, "sessions" | "minutes">>();
assertType<Equals<NonNullable<OutputValue<AccountRecording["awsS3"]>>["secretAccessKey"], string | undefined>>();
assertType<Equals<NonNullable<OutputValue<AccountRecording["awsS3"]>>["tags"], Record<string, string> | undefined>>();

// What users write compiles; snake_case and wrong types do not.
export const examples = (secret: pulumi.Output<string>, accountSid: pulumi.Output<string>): unknown[] => [
  {
    name: "acme",
    sipRealm: pulumi.output("sip.acme.example.com"),
    registrationHook: { url: "https://hooks.example.com", password: secret },
    connection: { apiUrl: "https://vg.example.com/api/v1", apiKey: secret },
  } satisfies AccountArgs,
  {
    accountSid,
    awsS3: {
      bucket: "b",
      region: "eu-west-1",
      accessKeyId: "AKIAIOSFODNN7EXAMPLE",
      secretAccessKey: secret,
      tags: { "cost centre": pulumi.output("42") },
    },
  } satisfies AccountRecordingArgs,
  // @ts-expect-error snake_case is the Terraform spelling
  { account_sid: "x" } satisfies AccountApiKeyArgs,
  // @ts-expect-error a count is a number
  { accountSid, max: "50" } satisfies AccountLimitsArgs,
];

// The same key lists, spelled out: `satisfies` rejects a missing and an extra key.
const argKeys = {
  account: {
    name: true,
    serviceProviderSid: true,
    sipRealm: true,
    registrationHook: true,
    queueEventHook: true,
    deviceCallingApplicationSid: true,
    siprecApplicationSid: true,
    enableDebugLog: true,
    webhookSecretRotation: true,
    connection: true,
  } satisfies Record<keyof AccountArgs, true>,
  apiKey: { accountSid: true, triggers: true, connection: true } satisfies Record<keyof AccountApiKeyArgs, true>,
  recording: {
    accountSid: true,
    recordAllCalls: true,
    recordFormat: true,
    awsS3: true,
    s3Compatible: true,
    googleCloudStorage: true,
    azureBlob: true,
    verifyBucketCredential: true,
    connection: true,
  } satisfies Record<keyof AccountRecordingArgs, true>,
  limits: { accountSid: true, unit: true, max: true, licensed: true, connection: true } satisfies Record<keyof AccountLimitsArgs, true>,
};

describe("Pulumi args derived from the models", () => {
  it.each([
    ["account", accountInputs],
    ["apiKey", apiKeyInputs],
    ["recording", recordingInputs],
    ["limits", limitsInputs],
  ] as const)("%s: the args are the model's inputs in camelCase, plus the connection", (name, model) => {
    expect(Object.keys(argKeys[name]).sort()).toEqual([...Object.keys(model.shape).map(camelName), "connection"].sort());
  });
});
