/**
 * The full names of the gRPC services we serve, as declared in `proto/*.proto`. Plain strings, so that naming a
 * service loads no generated code; a test checks each against the generated descriptors.
 */
export const PROVIDER_SERVICE_NAME = "tfplugin6.Provider";
export const CONTROLLER_SERVICE_NAME = "plugin.GRPCController";
export const STDIO_SERVICE_NAME = "plugin.GRPCStdio";
export const HEALTH_SERVICE_NAME = "grpc.health.v1.Health";
