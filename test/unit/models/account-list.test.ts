import { namePatternRegExp } from "../../../provider/src/core/resources/account/list";
import { accountResource, resources } from "../../../provider/src/core/resources/catalog";
import { identityOf } from "../../../provider/src/core/resources/resource-identity";

describe("account list filters", () => {
  it("matches a name pattern whole, ignoring case, with * and ? as the only wildcards", () => {
    const pattern = namePatternRegExp("Acme-*.prod?");
    expect(pattern.test("acme-eu.prod1")).toBe(true);
    expect(pattern.test("ACME-.prodX")).toBe(true);
    expect(pattern.test("acme-eu.prod")).toBe(false); // ? is exactly one character
    expect(pattern.test("acme-euxprod1")).toBe(false); // . is literal
    expect(pattern.test("x-acme-eu.prod1")).toBe(false); // anchored
    expect(namePatternRegExp("a(b)[c]+$^").test("a(b)[c]+$^")).toBe(true);
    expect(namePatternRegExp("line*").test("line\nbreak")).toBe(true);
  });
});

describe("resource identities", () => {
  it("are declared for every importable resource and stand for its import ID", () => {
    for (const resource of resources) expect(Boolean(resource.identity)).toBe(Boolean(resource.importId));
    const key = resources.find((r) => r.name === "account_api_key")!;
    expect(identityOf(key.identity!, { account_sid: "a", id: "k", token: "t" })).toEqual({ account_sid: "a", api_key_sid: "k" });
    expect(key.identity!.importId({ account_sid: "a", api_key_sid: "k" })).toBe("a/k");
    expect(identityOf(accountResource.identity!, { id: "a", name: "n" })).toEqual({ account_sid: "a" });
  });
});
