// Entry point: loads the stylesheets (emitted as files, CSP-safe) and mounts the app.
import { render } from "preact";
import { App } from "./app/App";
import "./styles/base.css";
import "./styles/layout.css";
import "./styles/components.css";
import "./styles/views.css";
import "./styles/flows.css";

const root = document.getElementById("app");
if (root !== null) render(<App />, root);
