/**
 * Lets `toEqual` compare a decoded protobuf message (protobuf-es adds `$typeName`, and `$unknown` when the wire had
 * fields we do not declare) with the plain object a test writes: messages are compared by their fields.
 */
import { expect } from "@jest/globals";

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields => typeof value === "object" && value !== null;
const isMessage = (value: unknown): boolean => isObject(value) && typeof value.$typeName === "string";
const isAsymmetricMatcher = (value: unknown): boolean => isObject(value) && typeof value.asymmetricMatch === "function";

function fieldsOf(message: Fields): Fields {
  const { $typeName: _typeName, $unknown: _unknown, ...fields } = message;
  return fields;
}

expect.addEqualityTesters([
  function messageFields(
    this: { equals(a: unknown, b: unknown, testers?: unknown[]): boolean },
    a: unknown,
    b: unknown,
    testers: unknown[],
  ) {
    if (!isObject(a) || !isObject(b) || isAsymmetricMatcher(a) || isAsymmetricMatcher(b)) return undefined;
    if (!isMessage(a) && !isMessage(b)) return undefined;
    return this.equals(fieldsOf(a), fieldsOf(b), testers);
  },
]);
