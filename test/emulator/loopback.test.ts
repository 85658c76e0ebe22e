import { isLoopbackAddress, isLoopbackOrigin } from "../../provider/src/emulator/loopback";

describe("loopback", () => {
  it.each(["127.0.0.1", "127.1.2.3", "::1", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1"])("%s is a loopback address", (address) => {
    expect(isLoopbackAddress(address)).toBe(true);
  });

  it.each(["0.0.0.0", "::", "10.0.0.7", "128.0.0.1", "::ffff:10.0.0.7", "localhost", ""])("%s is not a loopback address", (address) => {
    expect(isLoopbackAddress(address)).toBe(false);
  });

  it.each(["http://localhost:5173", "https://127.0.0.1", "http://[::1]:8080"])("%s is a page on this machine", (origin) => {
    expect(isLoopbackOrigin(origin)).toBe(true);
  });

  it.each(["http://localhost.evil.example", "http://127.0.0.1.evil.example", "ftp://localhost", "null", ""])("%s is not", (origin) => {
    expect(isLoopbackOrigin(origin)).toBe(false);
  });
});
