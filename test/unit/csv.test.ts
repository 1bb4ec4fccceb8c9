import { describe, expect, it } from "vitest";
import { guardCell, parseCsv, toCsv, unguardCell } from "../../src/domain/csv";

describe("toCsv", () => {
  it("prefixes an apostrophe to every text cell a spreadsheet would run as a formula", () => {
    const csv = toCsv(["name"], [['=HYPERLINK("http://x")'], ["+1+1"], ["-2+3"], ["@SUM(A1)"], ["\tcmd"], ["\rcmd"], ["plain"]]);
    expect(csv).toBe('name\r\n"\'=HYPERLINK(""http://x"")"\r\n\'+1+1\r\n\'-2+3\r\n\'@SUM(A1)\r\n\'\tcmd\r\n"\'\rcmd"\r\nplain\r\n');
  });

  it("writes numbers, booleans and nulls as they are (a negative number is not a formula)", () => {
    expect(toCsv(["a", "b", "c", "d"], [[-5, 1.5, true, null]])).toBe("a,b,c,d\r\n-5,1.5,true,\r\n");
  });

  it("quotes commas, quotes and line breaks", () => {
    expect(toCsv(["x"], [['a,"b"\nc']])).toBe('x\r\n"a,""b""\nc"\r\n');
  });

  it("round-trips through parseCsv, guard undone by unguardCell", () => {
    const rows = [
      ["=1+1", 'say "hi",\r\nthere', "-", "@x"],
      ["plain", "", "'quoted", "+"],
    ];
    const parsed = parseCsv(toCsv(["a", "b", "c", "d"], rows));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const back = parsed.records.slice(1).map((r) => r.fields.map(unguardCell));
    // Quoted CRLF comes back as LF: the parser has one line-end form.
    expect(back).toEqual([
      ["=1+1", 'say "hi",\nthere', "-", "@x"],
      ["plain", "", "'quoted", "+"],
    ]);
  });
});

describe("guardCell / unguardCell", () => {
  it("leave ordinary text alone and undo only their own prefix", () => {
    expect(guardCell("Blue Dream")).toBe("Blue Dream");
    expect(unguardCell("'Blue Dream")).toBe("'Blue Dream");
    expect(unguardCell(guardCell("=cmd"))).toBe("=cmd");
  });
});

describe("parseCsv", () => {
  it("reads quoted line breaks and reports the line each record starts on", () => {
    const text = '\uFEFFstore,strain\r\n\r\n"Main\nStreet","Blue, ""Dream"""\n\nB,C\rD,E\n';
    expect(parseCsv(text)).toEqual({
      ok: true,
      records: [
        { line: 1, fields: ["store", "strain"] },
        { line: 3, fields: ["Main\nStreet", 'Blue, "Dream"'] },
        { line: 6, fields: ["B", "C"] },
        { line: 7, fields: ["D", "E"] },
      ],
    });
  });

  it("refuses an unclosed quote and text after a closing quote, naming the line", () => {
    expect(parseCsv('a,b\n1,"open\n2,3\n')).toEqual({ ok: false, reason: "line 2: a quoted field is never closed" });
    expect(parseCsv('a,b\n\n1,"x"y\n')).toEqual({ ok: false, reason: "line 3: unexpected text after a closing quote" });
  });

  it("stops after maxRecords + 1 records", () => {
    const text = Array.from({ length: 1000 }, (_, i) => `${i},x`).join("\n");
    const parsed = parseCsv(text, { maxRecords: 5 });
    expect(parsed.ok && parsed.records.length).toBe(6);
  });

  it("keeps empty cells and a trailing empty cell", () => {
    expect(parseCsv("a,,c,\n")).toEqual({ ok: true, records: [{ line: 1, fields: ["a", "", "c", ""] }] });
  });
});
