import { act, render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { useLoad } from "./useLoad";

let calls = 0;
async function stable() {
  calls += 1;
  return `answer ${calls}`;
}

function Probe({ k }: { k: string }) {
  const [result, reload] = useLoad(stable, k);
  return <button type="button" onClick={reload}>{result.state === "ready" ? result.data : result.state}</button>;
}

describe("useLoad", () => {
  it("loads again when the key changes or on reload, even with the same load function", async () => {
    calls = 0;
    const { rerender } = render(<Probe k="a" />);
    expect(await screen.findByText("answer 1")).toBeTruthy();

    rerender(<Probe k="b" />);
    expect(await screen.findByText("answer 2")).toBeTruthy();

    await act(async () => screen.getByRole("button").click());
    expect(await screen.findByText("answer 3")).toBeTruthy();
  });
});
