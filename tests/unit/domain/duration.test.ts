/** The one duration parser and formatter (domain/duration.ts): every accepted form, every refusal, round trips. */
import { strict as assert } from "assert";
import {
  DAY_MS,
  HOUR_MS,
  InvalidDurationError,
  MINUTE_MS,
  SECOND_MS,
  WEEK_MS,
  formatDuration,
  parseDuration,
  tryParseDuration,
} from "../../../domain/duration";

describe("domain: parseDuration", () => {
  const accepted: [string, number][] = [
    // <number><unit>, every unit spelling
    ["45s", 45 * SECOND_MS],
    ["45sec", 45 * SECOND_MS],
    ["45 secs", 45 * SECOND_MS],
    ["1 second", SECOND_MS],
    ["2seconds", 2 * SECOND_MS],
    ["90m", 90 * MINUTE_MS],
    ["90min", 90 * MINUTE_MS],
    ["90 mins", 90 * MINUTE_MS],
    ["1 minute", MINUTE_MS],
    ["5minutes", 5 * MINUTE_MS],
    ["12h", 12 * HOUR_MS],
    ["12hr", 12 * HOUR_MS],
    ["12 hrs", 12 * HOUR_MS],
    ["1 hour", HOUR_MS],
    ["48hours", 48 * HOUR_MS],
    ["30d", 30 * DAY_MS],
    ["1 day", DAY_MS],
    ["30 days", 30 * DAY_MS],
    ["2w", 2 * WEEK_MS],
    ["1 week", WEEK_MS],
    ["4weeks", 4 * WEEK_MS],
    ["1month", 30 * DAY_MS],
    ["3 months", 90 * DAY_MS],
    // decimals, case, blanks
    ["1.5d", 36 * HOUR_MS],
    ["0.5h", 30 * MINUTE_MS],
    ["30D", 30 * DAY_MS],
    ["12H", 12 * HOUR_MS],
    [" 12h ", 12 * HOUR_MS],
    ["0d", 0],
    // a bare number is days
    ["90", 90 * DAY_MS],
    ["1.5", 36 * HOUR_MS],
    // ISO 8601 of fixed length
    ["P30D", 30 * DAY_MS],
    ["PT12H", 12 * HOUR_MS],
    ["P1W", WEEK_MS],
    ["P1DT12H", 36 * HOUR_MS],
    ["PT90M", 90 * MINUTE_MS],
    ["PT45S", 45 * SECOND_MS],
    ["PT1.5H", 90 * MINUTE_MS],
    ["P1.5D", 36 * HOUR_MS],
    ["p2w", 2 * WEEK_MS],
    ["P1W2D", 9 * DAY_MS],
    ["P1DT1H1M1S", DAY_MS + HOUR_MS + MINUTE_MS + SECOND_MS],
    ["PT0S", 0],
  ];
  for (const [text, ms] of accepted) {
    it(`reads ${JSON.stringify(text)}`, () => assert.equal(parseDuration(text), ms));
  }

  const refused: [string, RegExp][] = [
    ["", /"" is not a duration: it is empty; write 45s, 90m, 12h, 30d, 1\.5d, 2w or ISO 8601 such as PT12H, P30D, P1W/],
    ["   ", /is not a duration: it is empty/],
    ["-1d", /"-1d" is not a duration: a duration has no sign/],
    ["+1d", /a duration has no sign/],
    ["monthly", /"monthly" is not a duration: write one number and one unit \(a combination in ISO 8601: P1DT12H\)/],
    ["1d12h", /write one number and one unit/],
    ["1e3s", /unknown unit "e"|write one number and one unit/],
    ["30x", /"30x" is not a duration: unknown unit "x"/],
    ["30 fortnights", /unknown unit "fortnights"/],
    ["1.d", /write one number and one unit/],
    ["P1Y", /"P1Y" is not a duration: ISO 8601 years and months have no fixed length \(write days, e\.g\. P365D or P30D\)/],
    ["P1M", /years and months have no fixed length/],
    ["P1Y2M3D", /years and months have no fixed length/],
    ["P", /an ISO 8601 duration needs at least one part/],
    ["PT", /needs at least one part/],
    ["P1DT", /nothing follows the ISO 8601 time designator T/],
    ["PT1D", /not an ISO 8601 duration of weeks, days, hours, minutes and seconds in that order/],
    ["P1H", /in that order/],
    ["PT1S1M", /in that order/],
    ["P1D2W", /in that order/],
    ["9".repeat(30) + "d", /it is too long/],
  ];
  for (const [text, message] of refused) {
    it(`refuses ${JSON.stringify(text)} and says why`, () => {
      assert.throws(
        () => parseDuration(text),
        (e: unknown) => e instanceof InvalidDurationError && message.test(e.message) && e.text === text,
      );
      assert.equal(tryParseDuration(text), undefined);
    });
  }

  it("refuses a value that is not text (JavaScript callers)", () => {
    assert.throws(() => parseDuration(30 as unknown as string), /"30" is not a duration: it is not text/);
  });
});

describe("domain: formatDuration", () => {
  it("writes the largest unit that holds the duration exactly", () => {
    assert.deepEqual(
      [0, 45 * SECOND_MS, 90 * MINUTE_MS, 36 * HOUR_MS, 30 * DAY_MS, 2 * WEEK_MS, 1500, 1].map((ms) => formatDuration(ms)),
      ["0s", "45s", "90m", "36h", "30d", "2w", "1.5s", "0.001s"],
    );
  });

  it("round-trips through parseDuration: every accepted form and random whole milliseconds", () => {
    for (const text of ["45s", "90m", "12h", "30d", "1.5d", "2w", "P30D", "PT12H", "P1W", "P1DT12H", "3 months", "90"]) {
      const ms = parseDuration(text);
      assert.equal(parseDuration(formatDuration(ms)), ms, text);
    }
    let seed = 7;
    for (let i = 0; i < 2000; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      const ms = i % 2 === 0 ? seed : (seed % 10_000) * MINUTE_MS;
      assert.equal(parseDuration(formatDuration(ms)), ms, String(ms));
    }
  });

  it("display mode: a fixed unit, rounded, signed values shown as they are", () => {
    assert.equal(formatDuration(3.53 * DAY_MS, { unit: "d" }), "3.5d");
    assert.equal(formatDuration(90 * MINUTE_MS, { unit: "h", decimals: 2 }), "1.5h");
    assert.equal(formatDuration(-0.26 * DAY_MS, { unit: "d" }), "-0.3d");
  });

  it("refuses what is not a duration", () => {
    assert.throws(() => formatDuration(-1), /negative; a duration has no sign/);
    assert.throws(() => formatDuration(Number.NaN), RangeError);
  });
});
