// The bench's protocol floor (bench only, never shipped): a provider process with the real provider's schema, on the
// same plugin server, that answers every call of a no-change plan without doing any work. No validation, no portal,
// no msgpack decoding: the state terraform sends comes straight back. What a no-change plan costs with it is what the
// process model and the protocol cost before the provider does anything, so the bench can tell that share apart.
import "../../provider/src/terraform/protocol/stdout-guard";
import {
  type PlanResourceChangeRequest,
  type ReadResourceRequest,
  type UpgradeResourceStateRequest,
} from "../../provider/src/terraform/protocol/messages";
import { type ProviderImplementation } from "../../provider/src/terraform/protocol/rpc";
import { serveProvider } from "../../provider/src/terraform/protocol/serve-provider";

void serveProvider((): ProviderImplementation => {
  const { VoiceGatewayProvider } =
    require("../../provider/src/terraform/provider-service") as typeof import("../../provider/src/terraform/provider-service");
  const { resources } = require("../../provider/src/core/resources/catalog") as typeof import("../../provider/src/core/resources/catalog");
  const { dataSources } =
    require("../../provider/src/core/data-sources/catalog") as typeof import("../../provider/src/core/data-sources/catalog");
  const { actions } = require("../../provider/src/core/actions/catalog") as typeof import("../../provider/src/core/actions/catalog");
  // The same schema, so that terraform does the same work on its side of every call.
  const schema = new VoiceGatewayProvider(resources, dataSources, {}, actions).getProviderSchema();
  // Validate and configure calls fall back to the dispatcher's empty answers.
  return {
    getProviderSchema: () => schema,
    // Terraform decodes JSON as readily as msgpack here, so the stored JSON goes back as it came.
    upgradeResourceState: (request: UpgradeResourceStateRequest) => ({ upgradedState: { json: request.rawState?.json } }),
    readResource: (request: ReadResourceRequest) => ({ newState: request.currentState, private: request.private }),
    planResourceChange: (request: PlanResourceChangeRequest) => ({
      plannedState: request.proposedNewState,
      plannedPrivate: request.priorPrivate,
    }),
  };
});
