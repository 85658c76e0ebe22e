import { type z } from "zod";
import { type FieldSpec } from "../schema/introspect";
import { type HandlerContext } from "./handler-context";

/**
 * Finding the existing objects of a resource type to adopt them (Terraform 1.14+ list resources and `terraform
 * query`): filters, and one pass over the portal that yields the objects in the state an import would give them.
 */
export interface ResourceList<Filter = any, State = any> {
  readonly description: string;
  /** The filters users may set; every one optional. */
  readonly filters: z.ZodObject;
  readonly filterFields: readonly FieldSpec[];
  /** The matching objects, in a stable order, from as few portal requests as the API allows. */
  list(ctx: HandlerContext, filter: Filter): Promise<ListedObjects<State>>;
}

export interface ListedObjects<State> {
  readonly found: readonly { readonly state: State; readonly displayName: string }[];
  /** Objects that match but cannot be read through the portal's API, and why. */
  readonly unreadable: readonly { readonly displayName: string; readonly reason: string }[];
}
