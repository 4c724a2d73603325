// Entry of the console bundle (console.js + console.css, served by Envoy under /console/).
import "./console.css";
import { start } from "./app";

start(document.getElementById("app")!);
