/**
 * The services a go-plugin host (Terraform) expects next to the provider service, as proto3 text written for this
 * project: `plugin.GRPCController` (hashicorp/go-plugin `internal/plugin/grpc_controller.proto`), `plugin.GRPCStdio`
 * (`grpc_stdio.proto`) and the standard `grpc.health.v1.Health`. `plugin.GRPCBroker` is left out on purpose: the
 * client ignores a failed broker stream, and providers never use the broker.
 */
export const GO_PLUGIN_PROTO = `
syntax = "proto3";
package plugin;

message Empty {}

service GRPCController {
  rpc Shutdown(Empty) returns (Empty);
}

message StdioData {
  enum Channel {
    INVALID = 0;
    STDOUT = 1;
    STDERR = 2;
  }
  Channel channel = 1;
  bytes data = 2;
}

service GRPCStdio {
  rpc StreamStdio(.google.protobuf.Empty) returns (stream StdioData);
}
`;

/** `google.protobuf.Empty`, which `GRPCStdio.StreamStdio` takes; declared here so no well-known-types file is needed. */
export const EMPTY_PROTO = `
syntax = "proto3";
package google.protobuf;

message Empty {}
`;

export const HEALTH_PROTO = `
syntax = "proto3";
package grpc.health.v1;

message HealthCheckRequest {
  string service = 1;
}

message HealthCheckResponse {
  enum ServingStatus {
    UNKNOWN = 0;
    SERVING = 1;
    NOT_SERVING = 2;
    SERVICE_UNKNOWN = 3;
  }
  ServingStatus status = 1;
}

service Health {
  rpc Check(HealthCheckRequest) returns (HealthCheckResponse);
  rpc Watch(HealthCheckRequest) returns (stream HealthCheckResponse);
}
`;
