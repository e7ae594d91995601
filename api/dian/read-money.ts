import type { MonetaryTotals, TaxLine } from "./types.ts";
import { all, attr, first, text } from "./ubl-names.ts";
import type { XmlElement } from "./xml-dom.ts";

/** LegalMonetaryTotal (Invoice, CreditNote) or RequestedMonetaryTotal (DebitNote). */
export function readTotals(root: XmlElement): MonetaryTotals | null {
  const total = first(root, "cac:LegalMonetaryTotal") ?? first(root, "cac:RequestedMonetaryTotal");
  const payable = text(total, "cbc:PayableAmount");
  if (!payable) return null;

  return {
    lineExtension: text(total, "cbc:LineExtensionAmount"),
    taxExclusive: text(total, "cbc:TaxExclusiveAmount"),
    taxInclusive: text(total, "cbc:TaxInclusiveAmount"),
    allowanceTotal: text(total, "cbc:AllowanceTotalAmount"),
    chargeTotal: text(total, "cbc:ChargeTotalAmount"),
    prepaid: text(total, "cbc:PrepaidAmount"),
    payableRounding: text(total, "cbc:PayableRoundingAmount"),
    payable,
  };
}

/** One line per TaxSubtotal of the document-level TaxTotal (or WithholdingTaxTotal) elements. */
export function readTaxLines(
  root: XmlElement,
  totalName: "cac:TaxTotal" | "cac:WithholdingTaxTotal",
): TaxLine[] {
  return all(root, totalName, "cac:TaxSubtotal").map((subtotal) => ({
    code: text(subtotal, "cac:TaxCategory", "cac:TaxScheme", "cbc:ID"),
    name: text(subtotal, "cac:TaxCategory", "cac:TaxScheme", "cbc:Name"),
    amount: text(subtotal, "cbc:TaxAmount") ?? "0",
    taxableAmount: text(subtotal, "cbc:TaxableAmount"),
    percent: text(subtotal, "cac:TaxCategory", "cbc:Percent"),
  }));
}

/** DocumentCurrencyCode, else the currency of the payable amount; COP is DIAN's default. */
export function readCurrency(root: XmlElement): string {
  const payable =
    first(root, "cac:LegalMonetaryTotal", "cbc:PayableAmount") ??
    first(root, "cac:RequestedMonetaryTotal", "cbc:PayableAmount");
  return text(root, "cbc:DocumentCurrencyCode") ?? attr(payable, "currencyID") ?? "COP";
}

export function readExchangeRate(
  root: XmlElement,
): { source: string; target: string; rate: string } | null {
  const rate = first(root, "cac:PaymentExchangeRate");
  const source = text(rate, "cbc:SourceCurrencyCode");
  const target = text(rate, "cbc:TargetCurrencyCode");
  const calculation = text(rate, "cbc:CalculationRate");
  if (!source || !target || !calculation) return null;
  return { source, target, rate: calculation };
}
