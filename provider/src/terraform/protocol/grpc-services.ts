/**
 * grpc-js service definitions for every service we serve (and the test engine dials), built from our own .proto
 * text with the dependency-free codec. Serializers also accept an already encoded Buffer, so the RPC layer can
 * encode a response itself and turn an encoding failure into a diagnostic instead of a bare gRPC error.
 */
import { type MethodDefinition, type ServiceDefinition } from "@grpc/grpc-js";

import { EMPTY_PROTO, GO_PLUGIN_PROTO, HEALTH_PROTO } from "./go-plugin-proto";
import { type MessageDescriptor, ProtoRegistry } from "./proto-schema";
import { decodeMessage, encodeMessage, type ProtoObject } from "./protobuf-codec";
import { TFPLUGIN6_PROTO } from "./tfplugin6-proto";

export const PROVIDER_SERVICE_NAME = "tfplugin6.Provider";
export const CONTROLLER_SERVICE_NAME = "plugin.GRPCController";
export const STDIO_SERVICE_NAME = "plugin.GRPCStdio";
export const HEALTH_SERVICE_NAME = "grpc.health.v1.Health";

let registry: ProtoRegistry | undefined;

/** The parsed protocol files, built once per process. */
export function protocolRegistry(): ProtoRegistry {
  registry ??= new ProtoRegistry().add(TFPLUGIN6_PROTO).add(EMPTY_PROTO).add(GO_PLUGIN_PROTO).add(HEALTH_PROTO).resolve();
  return registry;
}

/** Encoder and decoder for one message, e.g. `messageCodec("tfplugin6.Schema")`. */
export function messageCodec(fullName: string): {
  encode(value: ProtoObject): Buffer;
  decode(data: Uint8Array): ProtoObject;
} {
  const descriptor = protocolRegistry().message(fullName);
  return { encode: (value) => encodeMessage(descriptor, value), decode: (data) => decodeMessage(descriptor, data) };
}

function serializer(descriptor: MessageDescriptor): (value: unknown) => Buffer {
  return (value) => (Buffer.isBuffer(value) ? value : encodeMessage(descriptor, value as ProtoObject));
}

/** A grpc-js ServiceDefinition, usable with `server.addService` and `makeGenericClientConstructor`. */
export function serviceDefinition(fullName: string): ServiceDefinition {
  const service = protocolRegistry().service(fullName);
  const definition: Record<string, MethodDefinition<unknown, unknown>> = {};
  for (const method of service.methods) {
    const requestType = method.requestType;
    const responseType = method.responseType;
    if (!requestType || !responseType) throw new Error(`Unresolved method ${fullName}.${method.name}`);
    definition[method.name] = {
      path: `/${fullName}/${method.name}`,
      requestStream: method.requestStream,
      responseStream: method.responseStream,
      requestSerialize: serializer(requestType),
      requestDeserialize: (data: Buffer) => decodeMessage(requestType, data),
      responseSerialize: serializer(responseType),
      responseDeserialize: (data: Buffer) => decodeMessage(responseType, data),
      originalName: method.name.charAt(0).toLowerCase() + method.name.slice(1),
    };
  }
  return definition as ServiceDefinition;
}
