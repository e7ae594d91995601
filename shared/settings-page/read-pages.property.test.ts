/** Property tests: the settings-page readers take any page text without throwing. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  readCpanelSettings,
  readOutlookSettings,
  readSettingsPage,
  type TextLeaf,
} from "./index.ts";

const WORDS = [
  "Server name:",
  "Port:",
  "Encryption method:",
  "TLS",
  "STARTTLS",
  "993",
  "995",
  "587",
  "outlook.office365.com",
  "IMAP setting",
  "POP setting",
  "SMTP setting",
  "Nombre del servidor:",
  "Puerto:",
  "Método de cifrado:",
  "Incoming Server:",
  "IMAP Port:",
  "POP3 Port:",
  "Secure SSL/TLS Settings",
  "Yes",
  "No",
];

const leaf = fc.record({
  text: fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom(...WORDS)),
  ref: fc.nat(),
  checked: fc.option(fc.boolean(), { nil: undefined }),
});

describe("settings-page readers, for any page", () => {
  it("read any sequence of text leaves without throwing", () => {
    fc.assert(
      fc.property(
        fc.array(leaf, { maxLength: 60 }),
        fc.webUrl(),
        (leaves: TextLeaf<number>[], url) => {
          for (const read of [readOutlookSettings, readCpanelSettings]) {
            const result = read(leaves);
            if (result) expect(Array.isArray(result.found)).toBe(true);
          }
          readSettingsPage(url, leaves);
        },
      ),
      { numRuns: 500 },
    );
  });
});
