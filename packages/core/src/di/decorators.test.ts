import { container, inject, injectable } from "tsyringe";
import { expect, it } from "vitest";

const TOKEN = Symbol.for("@atsync/core:test-token");

@injectable()
class Greeter {
  constructor(@inject(TOKEN) readonly name: string) {}
}

it("legacy decorators with explicit @inject resolve under vitest", () => {
  const child = container.createChildContainer();
  child.register(TOKEN, { useValue: "atsync" });
  expect(child.resolve(Greeter).name).toBe("atsync");
});
