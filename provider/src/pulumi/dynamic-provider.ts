import type * as pulumi from "@pulumi/pulumi";
import { type PulumiResourceName } from "./resource-table";

/**
 * The provider object of one resource type, as Pulumi serializes it into every resource (`__provider`) and runs it
 * in its provider process. Pulumi copies these method bodies as text, with what they capture (here only the
 * resource's name), so they must stay self-contained: each one requires the package's runtime entry by name
 * inside the call and hands over. Capturing a module or a client instead would copy code or
 * state into the stack, and capturing credentials would put them there (pulumi/pulumi#8265).
 *
 * The name resolves from the program's directory, where Pulumi starts the provider process, so `@voicegateway/iac`
 * must be installed in the program's `node_modules` (or a parent's). Keep the six calls in step with runtime.ts:
 * stacks keep old copies of this text and replay them on refresh and delete.
 */
export function dynamicProvider(resource: PulumiResourceName): pulumi.dynamic.ResourceProvider {
  return {
    check: (olds, news) => require("@voicegateway/iac/pulumi/runtime").check(resource, olds, news),
    diff: (id, olds, news) => require("@voicegateway/iac/pulumi/runtime").diff(resource, id, olds, news),
    create: (inputs) => require("@voicegateway/iac/pulumi/runtime").create(resource, inputs),
    read: (id, props) => require("@voicegateway/iac/pulumi/runtime").read(resource, id, props),
    update: (id, olds, news) => require("@voicegateway/iac/pulumi/runtime").update(resource, id, olds, news),
    delete: (id, props) => require("@voicegateway/iac/pulumi/runtime").delete(resource, id, props),
  };
}
