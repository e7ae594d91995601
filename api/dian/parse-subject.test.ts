import { describe, expect, it } from "vitest";
import { parseSubject } from "./index.ts";

describe("parseSubject", () => {
  it("reads the annex example with its uneven spacing", () => {
    expect(
      parseSubject("99998888; Facturador Ejemplo; FEV500;01; Facturador Ejemplo;ContabilidadBog"),
    ).toEqual({
      supplierNit: "99998888",
      supplierName: "Facturador Ejemplo",
      documentNumber: "FEV500",
      typeCode: "01",
      tradeName: "Facturador Ejemplo",
      businessLine: "ContabilidadBog",
    });
  });

  it("leaves the business line null when there are five fields", () => {
    const hint = parseSubject(
      "900000001;PROVEEDOR EJEMPLO S.A.S.;FVE845480;01;PROVEEDOR EJEMPLO S.A.S.",
    );
    expect(hint?.documentNumber).toBe("FVE845480");
    expect(hint?.businessLine).toBeNull();
  });

  it("tolerates a trailing separator", () => {
    const hint = parseSubject("1020304050;JUAN PEREZ;980000001;01;JUAN PEREZ;");
    expect(hint?.supplierNit).toBe("1020304050");
    expect(hint?.tradeName).toBe("JUAN PEREZ");
    expect(hint?.businessLine).toBeNull();
  });

  it("strips repeated reply and forward prefixes in any case", () => {
    for (const prefix of ["RV: ", "RE: ", "FW: ", "FWD: ", "Fwd: ", "rv:RE: Fw: "]) {
      expect(
        parseSubject(`${prefix}900000003; EMPRESA SERVICIOS ESP; 2950366;60; SERVICIOS`)?.typeCode,
      ).toBe("60");
    }
  });

  it("collapses the stray whitespace left by a folded header", () => {
    const hint = parseSubject(
      "900000002;Colorantes\r\n Ejemplo   S.A.S.;FAE9635002424;\t01;Colorantes Ejemplo S.A.S.",
    );
    expect(hint?.supplierName).toBe("Colorantes Ejemplo S.A.S.");
    expect(hint?.typeCode).toBe("01");
  });

  it("keeps only the digits of a NIT written with dots and a check digit", () => {
    expect(parseSubject("900.000.001-5;PROVEEDOR;FE1;01;PROVEEDOR")?.supplierNit).toBe("900000001");
  });

  it("returns null for subjects that are not in the DIAN format", () => {
    expect(parseSubject(null)).toBeNull();
    expect(parseSubject("")).toBeNull();
    expect(parseSubject("Factura de venta FE123")).toBeNull();
    expect(parseSubject("Return receipt")).toBeNull();
    expect(parseSubject("a;b;c;d")).toBeNull();
    expect(parseSubject("PROVEEDOR;NOMBRE;FE1;01;NOMBRE")).toBeNull();
    expect(parseSubject("900000001;NOMBRE;FE1;Evento;NOMBRE")).toBeNull();
    expect(parseSubject("1;2;3;4;5;6;7")).toBeNull();
  });
});
