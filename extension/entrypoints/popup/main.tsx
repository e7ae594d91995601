import { render } from "preact";
import { PopupApp } from "../../components/popup-app.tsx";
import "../../styles/base.css";
import "../../styles/popup.css";

render(<PopupApp />, document.getElementById("app")!);
