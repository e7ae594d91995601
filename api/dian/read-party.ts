import { computeNitDv } from "../../shared/nit.ts";
import type { Party } from "./types.ts";
import { attr, first, text } from "./ubl-names.ts";
import type { XmlElement } from "./xml-dom.ts";

/**
 * Reads AccountingSupplierParty or AccountingCustomerParty. The id comes from PartyTaxScheme,
 * falling back to PartyLegalEntity and PartyIdentification, which some senders fill instead.
 */
export function readParty(accountingParty: XmlElement | null): Party {
  const party = first(accountingParty, "cac:Party");
  const companyId =
    first(party, "cac:PartyTaxScheme", "cbc:CompanyID") ??
    first(party, "cac:PartyLegalEntity", "cbc:CompanyID") ??
    first(party, "cac:PartyIdentification", "cbc:ID");
  const id = text(companyId) ?? "";
  const registrationName =
    text(party, "cac:PartyTaxScheme", "cbc:RegistrationName") ??
    text(party, "cac:PartyLegalEntity", "cbc:RegistrationName");

  return {
    id,
    declaredDv: attr(companyId, "schemeID"),
    computedDv: computeNitDv(id),
    idType: attr(companyId, "schemeName"),
    registrationName,
    tradeName: text(party, "cac:PartyName", "cbc:Name"),
  };
}
