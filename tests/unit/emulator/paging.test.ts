/** Paging edge cases of the entity listings (paging.ts) and the division filters (routes/divisions.ts). */
import { strict as assert } from "assert";
import { seedDivisions } from "../../../emulator/divisions";
import { pageOf, pageRequest } from "../../../emulator/paging";
import { filterDivisions, idFilter } from "../../../emulator/routes/divisions";

const q = (s: string): URLSearchParams => new URLSearchParams(s);
const items = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

describe("emulator paging", () => {
  it("defaults to pageSize 25, pageNumber 1 and refuses sizes outside 1–500 and pages below 1", () => {
    assert.deepEqual(pageRequest(q("")), { pageSize: 25, pageNumber: 1 });
    assert.deepEqual(pageRequest(q("pageSize=500&pageNumber=7")), { pageSize: 500, pageNumber: 7 });
    for (const bad of ["pageSize=0", "pageSize=501", "pageSize=2.5", "pageSize=x", "pageNumber=0", "pageNumber=-1", "pageNumber=1.5"]) {
      assert.throws(
        () => pageRequest(q(bad)),
        (e: { status: number; code: string }) => e.status === 400 && e.code === "invalid.value",
        bad,
      );
    }
  });

  it("answers an empty listing with pageCount 0, no next/previous, and URIs naming page 1", () => {
    const page = pageOf([], { pageSize: 25, pageNumber: 1 }, "/x");
    assert.deepEqual(page, {
      entities: [],
      pageSize: 25,
      pageNumber: 1,
      total: 0,
      pageCount: 0,
      firstUri: "/x?pageSize=25&pageNumber=1",
      lastUri: "/x?pageSize=25&pageNumber=1",
      selfUri: "/x?pageSize=25&pageNumber=1",
    });
  });

  it("splits an exact multiple into full pages with next/previous only where they exist", () => {
    const first = pageOf(items(4), { pageSize: 2, pageNumber: 1 }, "/x");
    assert.deepEqual([first.entities, first.pageCount, first.nextUri, first.previousUri], [[1, 2], 2, "/x?pageSize=2&pageNumber=2", undefined]);
    const last = pageOf(items(4), { pageSize: 2, pageNumber: 2 }, "/x");
    assert.deepEqual(
      [last.entities, last.nextUri, last.previousUri, last.lastUri],
      [[3, 4], undefined, "/x?pageSize=2&pageNumber=1", "/x?pageSize=2&pageNumber=2"],
    );
    const partial = pageOf(items(5), { pageSize: 2, pageNumber: 3 }, "/x");
    assert.deepEqual([partial.entities, partial.pageCount, partial.total], [[5], 3, 5]);
  });

  it("answers a page past the last with no entities, no nextUri, and a previousUri to the last page", () => {
    const past = pageOf(items(3), { pageSize: 2, pageNumber: 9 }, "/x");
    assert.deepEqual([past.entities, past.pageNumber, past.pageCount, past.nextUri, past.previousUri], [[], 9, 2, undefined, "/x?pageSize=2&pageNumber=2"]);
    assert.equal(past.selfUri, "/x?pageSize=2&pageNumber=9");
  });

  it("repeats the filters, repeated names included and encoded, in every URI", () => {
    const page = pageOf(items(3), { pageSize: 1, pageNumber: 2 }, "/x", [
      ["name", "a b&c"],
      ["id", "1"],
      ["id", "2"],
    ]);
    for (const uri of [page.firstUri, page.lastUri, page.selfUri, page.nextUri, page.previousUri]) {
      const parsed = new URL(uri!, "http://h").searchParams;
      assert.deepEqual([parsed.get("name"), parsed.getAll("id")], ["a b&c", ["1", "2"]], uri);
    }
  });
});

describe("emulator division filters", () => {
  const divisions = seedDivisions();
  const [home, operations, integrations] = divisions;

  it("seeds Home (the only home division), Operations and Integrations, each with a description", () => {
    assert.deepEqual(
      divisions.map((d) => [d.name, d.homeDivision]),
      [
        ["Home", true],
        ["Operations", false],
        ["Integrations", false],
      ],
    );
    assert.ok(divisions.every((d) => d.description.length > 0));
    assert.notEqual(seedDivisions()[0].id, home.id, "fresh ids per organisation");
  });

  it("takes ids repeated (Python/Java SDKs) and comma-joined (JavaScript SDK), ignoring empty ones", () => {
    assert.deepEqual(idFilter(q(`id=${home.id}&id=${operations.id}`)), [home.id, operations.id]);
    assert.deepEqual(idFilter(q(`id=${home.id},${operations.id}&id=&id=${integrations.id}`)), [home.id, operations.id, integrations.id]);
    assert.deepEqual(
      filterDivisions(divisions, q(`id=${operations.id},nope`)).map((d) => d.name),
      ["Operations"],
    );
    assert.deepEqual(filterDivisions(divisions, q("id=nope")), []);
  });

  it("matches name as a case-insensitive search term and combines it with ids; sorts by name", () => {
    assert.deepEqual(
      filterDivisions(divisions, q("")).map((d) => d.name),
      ["Home", "Integrations", "Operations"],
    );
    assert.deepEqual(
      filterDivisions(divisions, q("name=OPER")).map((d) => d.name),
      ["Operations"],
    );
    assert.deepEqual(
      filterDivisions(divisions, q("name=o")).map((d) => d.name),
      ["Home", "Integrations", "Operations"],
    );
    assert.deepEqual(
      filterDivisions(divisions, q(`name=o&id=${integrations.id}`)).map((d) => d.name),
      ["Integrations"],
    );
  });
});
