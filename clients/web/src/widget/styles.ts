// The widget's look, adopted by its shadow root as a constructed stylesheet: a strict
// Content-Security-Policy (no 'unsafe-inline') allows it, and the site's CSS cannot reach
// inside. Colours meet WCAG AA: text ≥ 4.5:1 on its background, borders and focus ≥ 3:1.
export const CSS = `
:host { all: initial; }
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
.root {
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: #1b1f24;
  -webkit-font-smoothing: antialiased;
}
button, input, textarea { font: inherit; color: inherit; }
button { cursor: pointer; }
:focus-visible { outline: 3px solid #0b2a7a; outline-offset: 2px; box-shadow: 0 0 0 2px #fff; }
.sr-only {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap;
}

.launcher {
  position: fixed; right: 20px; bottom: 20px; z-index: 2147483000;
  display: inline-flex; align-items: center; gap: 8px;
  padding: 12px 20px 12px 16px; border: 0; border-radius: 999px;
  background: #1f4fd1; color: #fff; font-weight: 600;
  box-shadow: 0 6px 18px rgba(16, 24, 40, 0.28);
}
.launcher:hover { background: #1a43b3; }
.badge {
  position: absolute; top: -6px; right: -4px; min-width: 22px; height: 22px; padding: 0 6px;
  border-radius: 11px; border: 2px solid #fff; background: #b3261e; color: #fff;
  font-size: 12px; font-weight: 700; line-height: 18px; text-align: center;
}
.launcher svg { width: 20px; height: 20px; fill: currentColor; }

.panel {
  position: fixed; right: 20px; bottom: 84px; z-index: 2147483000;
  width: 370px; max-width: calc(100vw - 40px);
  height: 540px; max-height: calc(100vh - 108px);
  display: flex; flex-direction: column; overflow: hidden;
  background: #fff; border-radius: 14px;
  box-shadow: 0 16px 48px rgba(16, 24, 40, 0.3), 0 0 0 1px rgba(16, 24, 40, 0.06);
}
@media (prefers-reduced-motion: no-preference) {
  .panel { animation: rise 0.16s ease-out; }
  @keyframes rise { from { transform: translateY(10px); opacity: 0; } }
}
.head {
  display: flex; align-items: center; justify-content: space-between; gap: 8px;
  padding: 14px 12px 14px 18px; background: #1f4fd1; color: #fff;
}
.head h2 { margin: 0; font-size: 16px; font-weight: 600; }
.close {
  display: inline-flex; align-items: center; justify-content: center;
  width: 34px; height: 34px; border: 0; border-radius: 8px;
  background: transparent; color: #fff; font-size: 24px; line-height: 1;
}
.close:hover { background: rgba(255, 255, 255, 0.16); }
.notice {
  margin: 0; padding: 8px 18px; font-size: 13px;
  background: #fff6dc; color: #5a4300; border-bottom: 1px solid #efdca6;
}

.start { flex: 1; overflow-y: auto; padding: 20px 18px; }
.start p.intro { margin: 0 0 16px; color: #454d57; }
.field { margin-bottom: 14px; }
label { display: block; margin-bottom: 5px; font-size: 14px; font-weight: 600; }
.optional { font-weight: 400; color: #545d68; }
input, textarea {
  display: block; width: 100%; padding: 9px 11px;
  border: 1px solid #6b7480; border-radius: 8px; background: #fff;
}
::placeholder { color: #6b7480; opacity: 1; }
input:focus-visible, textarea:focus-visible { border-color: #1f4fd1; }
input[aria-invalid="true"] { border-color: #b3261e; }
.field-error, .form-error, .error { margin: 5px 0 0; font-size: 13px; color: #b3261e; }
.form-error { margin: 0 0 14px; padding: 8px 10px; border-radius: 8px; background: #fdecea; }
.primary {
  display: inline-block; padding: 10px 18px; border: 0; border-radius: 8px;
  background: #1f4fd1; color: #fff; font-weight: 600;
}
.primary:hover { background: #1a43b3; }
.primary:disabled { background: #6b7480; cursor: default; }
.start .primary { width: 100%; margin-top: 4px; }

.chat { flex: 1; display: flex; flex-direction: column; min-height: 0; }
.log {
  flex: 1; overflow-y: auto; padding: 16px 14px 8px;
  display: flex; flex-direction: column; gap: 10px; background: #f5f6f8;
}
.empty { margin: auto 0; text-align: center; font-size: 13px; color: #545d68; }
.msg { display: flex; flex-direction: column; max-width: 82%; }
.msg.mine { align-self: flex-end; align-items: flex-end; }
.msg.theirs { align-self: flex-start; align-items: flex-start; }
.msg.cont { margin-top: -6px; }
.who { margin: 0 0 3px 4px; font-size: 12px; font-weight: 600; color: #454d57; }
.bubble {
  padding: 8px 12px; border-radius: 16px;
  white-space: pre-wrap; overflow-wrap: anywhere; word-break: break-word;
}
.mine .bubble { background: #1f4fd1; color: #fff; border-bottom-right-radius: 4px; }
.theirs .bubble {
  background: #fff; color: #1b1f24; border: 1px solid #d5d9df; border-bottom-left-radius: 4px;
}

.bubble a { color: inherit; text-decoration: underline; }
.files { display: block; margin-top: 4px; }
.meta { margin: 3px 4px 0; font-size: 12px; color: #545d68; text-align: right; }
.failed .meta { color: #b3261e; }
.retry {
  margin-left: 6px; padding: 1px 8px; border: 1px solid #b3261e; border-radius: 6px;
  background: #fff; color: #b3261e; font-size: 12px; font-weight: 600;
}
.retry:hover { background: #fdecea; }
.typing {
  min-height: 24px; margin: 0; padding: 2px 18px 4px;
  font-size: 13px; font-style: italic; color: #545d68; background: #f5f6f8;
}
.error { margin: 0; padding: 6px 14px 0; }
.composer {
  display: flex; align-items: flex-end; gap: 8px;
  padding: 10px; border-top: 1px solid #d5d9df; background: #fff;
}
.composer textarea { flex: 1; resize: none; height: 42px; max-height: 120px; }
.composer textarea:disabled { background: #f0f1f3; }
.composer .primary { height: 42px; }
.ended { padding: 14px 16px 16px; border-top: 1px solid #d5d9df; text-align: center; }
.ended p { margin: 0 0 10px; font-weight: 600; }

@media (max-width: 480px) {
  .panel {
    right: 0; bottom: 0; width: 100vw; max-width: 100vw;
    height: 100vh; height: 100dvh; max-height: none; border-radius: 0;
  }
  .root.open .launcher { display: none; }
}
@media (forced-colors: active) {
  .bubble, .launcher, .primary { border: 1px solid CanvasText; }
}
`;
