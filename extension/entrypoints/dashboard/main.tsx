import { render } from "preact";
import { DashboardApp } from "../../components/dashboard-app.tsx";
import "../../styles/base.css";
import "../../styles/pages.css";

render(<DashboardApp />, document.getElementById("app")!);
