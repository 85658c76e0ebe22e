/**
 * `@voicegateway/iac/pulumi/runtime`: what the serialized dynamic providers call, by package name, from Pulumi's
 * provider process. Keep these six signatures stable: a provider serialized by an older program is
 * kept in the stack's state and still calls them when it deletes or refreshes its objects. New behaviour goes
 * behind them, never into the serialized text.
 *
 * This module must not load `@pulumi/pulumi` (the provider process has its own) and holds nothing secret: the
 * connection settings arrive with each call, or come from the process environment.
 */
import type * as pulumi from "@pulumi/pulumi";
import * as operations from "./operations";
import { type PropertyBag } from "./properties";
import { pulumiResource } from "./resource-table";

export { closeClients } from "./connection";

export function check(resource: string, olds: PropertyBag, news: PropertyBag): Promise<pulumi.dynamic.CheckResult> {
  return operations.check(pulumiResource(resource), olds, news, process.env);
}

export function diff(resource: string, id: string, olds: PropertyBag, news: PropertyBag): Promise<pulumi.dynamic.DiffResult> {
  return operations.diff(pulumiResource(resource), id, olds, news);
}

export function create(resource: string, inputs: PropertyBag): Promise<pulumi.dynamic.CreateResult> {
  return operations.create(pulumiResource(resource), inputs, process.env);
}

export function read(resource: string, id: string, props: PropertyBag | undefined): Promise<pulumi.dynamic.ReadResult> {
  return operations.read(pulumiResource(resource), id, props ?? {}, process.env);
}

export function update(resource: string, id: string, olds: PropertyBag, news: PropertyBag): Promise<pulumi.dynamic.UpdateResult> {
  return operations.update(pulumiResource(resource), id, olds, news, process.env);
}

function delete_(resource: string, id: string, props: PropertyBag): Promise<void> {
  return operations.delete(pulumiResource(resource), id, props, process.env);
}

export { delete_ as delete };
