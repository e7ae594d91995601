// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { h } from "preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ConnectionTestResult } from "../../shared/api-types.ts";
import type { DetectedSettings } from "../../shared/settings-page/index.ts";
import { ReceptionPanel, type ReceptionApi } from "../../extension/components/reception-panel.tsx";

afterEach(cleanup);

function fakeApi(overrides: Partial<ReceptionApi> = {}): ReceptionApi {
  return {
    testConnection: vi.fn(),
    saveConfig: vi.fn(),
    runNow: vi.fn(),
    ...overrides,
  } as ReceptionApi;
}

const OUTLOOK_PAGE: DetectedSettings = {
  provider: "outlook",
  url: "https://outlook.live.com/mail/0/options/mail/popImap",
  imap: { host: "outlook.office365.com", port: 993, security: "ssl" },
  pop3: null,
  smtp: { host: "smtp.office365.com", port: 587, security: "starttls" },
  popEnabled: false,
  username: null,
  fields: ["imap.host", "imap.port", "imap.security"],
};

const input = (label: string) =>
  screen.getByLabelText(new RegExp(`^${label}\\*?$`)) as HTMLInputElement;
const type = (label: string, value: string) => fireEvent.input(input(label), { target: { value } });

function renderPanel(props: Partial<Parameters<typeof ReceptionPanel>[0]> = {}) {
  const api = props.api ?? fakeApi();
  render(h(ReceptionPanel, { api, saved: null, detected: null, ...props }));
  return api;
}

describe("ReceptionPanel", () => {
  it("shows every field of the seed form with its label and help", () => {
    renderPanel();
    for (const label of [
      "Tipo de Servidor",
      "Protocolo de Acceso",
      "Servidor",
      "Puerto",
      "Protocolo de Seguridad",
      "Usuario",
      "Contraseña",
      "Confirmar Contraseña",
      "Fecha Expiración",
      "Correo Notificación",
    ]) {
      expect(input(label)).toBeTruthy();
      expect(screen.getByRole("button", { name: `Ayuda: ${label}` }).title).not.toBe("");
    }
  });

  it("suggests Outlook's server and port from the address and follows the protocol", () => {
    renderPanel();
    type("Usuario", "recepcion@outlook.com");
    expect(input("Servidor").value).toBe("outlook.office365.com");
    expect(input("Puerto").value).toBe("993");

    fireEvent.change(input("Protocolo de Acceso"), { target: { value: "pop3" } });
    expect(input("Puerto").value).toBe("995");
    expect(input("Correo de respaldo")).toBeTruthy();
  });

  it("keeps a port the user typed when the protocol changes", () => {
    renderPanel();
    type("Usuario", "recepcion@outlook.com");
    type("Puerto", "10993");
    fireEvent.change(input("Protocolo de Acceso"), { target: { value: "pop3" } });

    expect(input("Puerto").value).toBe("10993");
    expect(input("Servidor").value).toBe("outlook.office365.com");
  });

  it("shows the shared schema's Spanish errors under the fields as the user types", () => {
    renderPanel();
    type("Puerto", "70000");
    type("Contraseña", "secreta");
    type("Confirmar Contraseña", "otra");

    expect(screen.getByText(/«Puerto» debe ser un número entero entre 1 y 65535/)).toBeTruthy();
    expect(screen.getByText("La confirmación no coincide con la contraseña.")).toBeTruthy();
    expect(screen.queryByText(/«Usuario» es obligatorio/)).toBeNull();
  });

  it("lists every missing field when Guardar is pressed on an empty form", async () => {
    const api = renderPanel();
    fireEvent.click(screen.getByRole("button", { name: "Guardar" }));

    await screen.findByText("Revisa los campos marcados.");
    expect(screen.getByText(/«Usuario» es obligatorio/)).toBeTruthy();
    expect(api.saveConfig).not.toHaveBeenCalled();
  });

  it("offers the values found on the page and says which fields they changed", async () => {
    renderPanel({ detected: OUTLOOK_PAGE });
    expect(screen.getByText("IMAP outlook.office365.com 993 TLS")).toBeTruthy();
    expect(screen.getByText(/Microsoft ya no acepta la contraseña simple/)).toBeTruthy();

    fireEvent.click(screen.getByRole("button", { name: "Usar estos valores" }));
    expect(input("Servidor").value).toBe("outlook.office365.com");
    expect(screen.getByText("Se cambiaron: Servidor, Puerto.")).toBeTruthy();
  });

  it("names the step that failed when the connection test fails", async () => {
    const failed: ConnectionTestResult = {
      ok: false,
      failedStep: "auth",
      code: "AUTH_FAILED",
      message: "El servidor rechazó el usuario o la contraseña.",
      steps: [
        { step: "dns", ok: true },
        { step: "tcp", ok: true },
        { step: "tls", ok: true },
        { step: "auth", ok: false, message: "El servidor rechazó el usuario o la contraseña." },
      ],
    };
    const api = renderPanel({
      api: fakeApi({ testConnection: vi.fn().mockResolvedValue(failed) }),
    });
    type("Usuario", "recepcion@gmail.com");
    type("Contraseña", "secreta");
    type("Confirmar Contraseña", "secreta");
    fireEvent.click(screen.getByRole("button", { name: "Probar conexión" }));

    await waitFor(() => expect(screen.getByText(/Falló: Inicio de sesión/)).toBeTruthy());
    expect(api.testConnection).toHaveBeenCalledWith(
      expect.objectContaining({ host: "imap.gmail.com", port: "993", password: "secreta" }),
    );
  });

  it("refuses to save an expiry date already past, yet still tests the connection", async () => {
    const passed: ConnectionTestResult = {
      ok: true,
      failedStep: null,
      code: null,
      message: "Conexión exitosa.",
      steps: [],
    };
    const api = renderPanel({
      api: fakeApi({ testConnection: vi.fn().mockResolvedValue(passed) }),
    });
    type("Usuario", "recepcion@gmail.com");
    type("Contraseña", "secreta");
    type("Confirmar Contraseña", "secreta");
    type("Fecha Expiración", "2020-01-01");
    type("Correo Notificación", "ti@empresa.co");

    fireEvent.click(screen.getByRole("button", { name: "Guardar" }));
    await screen.findByText("Revisa los campos marcados.");
    expect(screen.getByText(/ya pasó/)).toBeTruthy();
    expect(api.saveConfig).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole("button", { name: "Probar conexión" }));
    await waitFor(() => expect(api.testConnection).toHaveBeenCalled());
  });
});
