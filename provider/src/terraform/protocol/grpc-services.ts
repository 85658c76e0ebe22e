/**
 * Service definitions for every service we serve (`grpc-server.ts`) and the test engine dials (grpc-js's client
 * takes the same shape), built from the code
 * protobuf-es generated out of our .proto files (`gen/`): each method (de)serializes with `toBinary`/`fromBinary`
 * of its generated message schema, so no proto-loader and no reflection tree at start-up. Serializers also accept
 * an already encoded Buffer, so the RPC layer can encode a response itself and turn an encoding failure into a
 * diagnostic instead of a bare gRPC error.
 */
import { create, type DescMessage, type DescService, fromBinary, isMessage, type MessageInitShape, toBinary } from "@bufbuild/protobuf";

import { GRPCController, GRPCStdio } from "./gen/go-plugin_pb";
import { Health } from "./gen/health_pb";
import { Provider } from "./gen/tfplugin6_pb";
import { type MethodDefinition } from "./grpc-server";
import { CONTROLLER_SERVICE_NAME, HEALTH_SERVICE_NAME, PROVIDER_SERVICE_NAME, STDIO_SERVICE_NAME } from "./service-names";

export { CONTROLLER_SERVICE_NAME, HEALTH_SERVICE_NAME, PROVIDER_SERVICE_NAME, STDIO_SERVICE_NAME };

// Loading this module loads the generated code, which builds its descriptors (about 60 ms): the plugin server
// requires it only once the handshake line is out (see `ServeOptions.services`).
const SERVICES: Record<string, DescService> = {
  [PROVIDER_SERVICE_NAME]: Provider,
  [CONTROLLER_SERVICE_NAME]: GRPCController,
  [STDIO_SERVICE_NAME]: GRPCStdio,
  [HEALTH_SERVICE_NAME]: Health,
};

/** The generated descriptor of one of our services, e.g. `serviceDescriptor("tfplugin6.Provider")`. */
export function serviceDescriptor(fullName: string): DescService {
  const service = SERVICES[fullName];
  if (!service) throw new Error(`Unknown service ${fullName}`);
  return service;
}

/** A message (or its init shape, completed by `create`) in protobuf binary, as a Buffer without copying. */
export function encodeMessage<Schema extends DescMessage>(schema: Schema, value: MessageInitShape<Schema>): Buffer {
  const message = isMessage(value, schema) ? value : create(schema, value);
  const bytes = toBinary(schema, message);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function serializer(schema: DescMessage): (value: unknown) => Buffer {
  return (value) => (Buffer.isBuffer(value) ? value : encodeMessage(schema, value as MessageInitShape<DescMessage>));
}

/** A method with the client's side too, as a gRPC client (grpc-js's `makeGenericClientConstructor`) takes it. */
export interface ClientAndServerMethod extends MethodDefinition {
  requestSerialize(value: unknown): Buffer;
  responseDeserialize(data: Buffer): unknown;
  readonly originalName: string;
}

/** A service definition, usable with `GrpcServer.addService` and grpc-js's `makeGenericClientConstructor`. */
export function serviceDefinition(fullName: string): Record<string, ClientAndServerMethod> {
  const definition: Record<string, ClientAndServerMethod> = {};
  for (const method of serviceDescriptor(fullName).methods) {
    definition[method.name] = {
      path: `/${fullName}/${method.name}`,
      requestStream: method.methodKind === "client_streaming" || method.methodKind === "bidi_streaming",
      responseStream: method.methodKind === "server_streaming" || method.methodKind === "bidi_streaming",
      requestSerialize: serializer(method.input),
      requestDeserialize: (data: Buffer) => fromBinary(method.input, data),
      responseSerialize: serializer(method.output),
      responseDeserialize: (data: Buffer) => fromBinary(method.output, data),
      originalName: method.localName,
    };
  }
  return definition;
}
