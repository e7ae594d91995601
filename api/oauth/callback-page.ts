/** The small page the provider's redirect lands on: it tells the user to go back to Buzón. */
import type { OAuthProviderId } from "./providers.ts";

const NAMES: Record<OAuthProviderId, string> = { microsoft: "Microsoft", google: "Google" };

export function renderCallbackPage(provider: OAuthProviderId, ok: boolean): string {
  const name = NAMES[provider];
  const title = ok ? "Sesión iniciada" : "No se completó el inicio de sesión";
  const text = ok
    ? `Buzón quedó conectado con tu cuenta de ${name}. Vuelve a la extensión de Buzón para ` +
      "guardar y probar la conexión; ya puedes cerrar esta pestaña."
    : `${name} no confirmó el inicio de sesión, o el enlace ya se usó o venció. Vuelve a la ` +
      "extensión de Buzón e inténtalo de nuevo.";
  return `<!doctype html>
<html lang="es">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Buzón · ${title}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}</style>
</head>
<body data-status="${ok ? "done" : "failed"}">
<h1>${title}</h1>
<p>${text}</p>
</body>
</html>
`;
}
