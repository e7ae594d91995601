import { render } from "preact";
import { ConnectApp } from "../../components/connect-app.tsx";
import "../../styles/base.css";
import "../../styles/pages.css";

render(<ConnectApp />, document.getElementById("app")!);
