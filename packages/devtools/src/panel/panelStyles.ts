/** The panel's styles, inside its shadow root: nothing leaks into the app, nothing of the app's leaks in. */
export const panelStyles = `
:host { all: initial; }
.rj-root { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: #e6e6e6; }
/* Top right: the bottom is where chat apps keep their composer and Send button. */
.rj-launcher { position: fixed; right: 12px; top: 12px; z-index: 2147483000; opacity: .85; }
.rj-embedded .rj-launcher { position: static; }
button { font: inherit; color: inherit; background: #2d3340; border: 1px solid #4a5263; border-radius: 4px; padding: 2px 8px; cursor: pointer; }
button:hover { background: #3a4254; }
button:focus-visible, input:focus-visible { outline: 2px solid #7cb7ff; outline-offset: 1px; }
.rj-panel { position: fixed; right: 12px; top: 12px; z-index: 2147483000; width: 520px; height: 60vh; min-width: 320px; min-height: 200px;
  max-width: 95vw; max-height: 95vh; resize: both; overflow: auto; background: #181b22; border: 1px solid #4a5263; border-radius: 6px;
  box-shadow: 0 8px 24px rgba(0,0,0,.4); display: flex; flex-direction: column; }
.rj-embedded .rj-panel { position: relative; right: auto; top: auto; width: 100%; height: 100%; max-width: none; resize: none; }
.rj-panel[hidden], .rj-launcher[hidden] { display: none; }
header { display: flex; gap: 8px; align-items: center; padding: 6px 8px; border-bottom: 1px solid #333a48; position: sticky; top: 0; background: #181b22; z-index: 1; }
header h2 { font-size: 12px; margin: 0; font-weight: 600; }
.rj-state { color: #9fe29f; flex: 1; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.rj-bar { display: flex; flex-wrap: wrap; gap: 4px; align-items: center; padding: 6px 8px; border-bottom: 1px solid #333a48; }
.rj-travel input[type=range] { flex: 1; }
.rj-banner { padding: 4px 8px; background: #4a3b12; color: #ffe7a3; }
.rj-banner[hidden] { display: none; }
details { border-bottom: 1px solid #333a48; }
summary { cursor: pointer; padding: 4px 8px; font-weight: 600; }
.rj-section { padding: 2px 8px 8px; overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 1px 6px 1px 0; vertical-align: top; white-space: nowrap; }
td.rj-payload { white-space: pre-wrap; word-break: break-all; color: #b8c0cc; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0 12px; margin: 0; }
dt { color: #9aa3b2; } dd { margin: 0; }
.rj-muted { color: #b4bcc8; }
.rj-node { border: 1px solid #3a4254; border-radius: 4px; padding: 2px 6px; margin: 3px 0 3px 10px; }
.rj-node > .rj-name { font-weight: 600; }
.rj-node.rj-active { border-color: #5fd35f; background: rgba(95, 211, 95, .08); }
.rj-node.rj-active > .rj-name { color: #7ff07f; }
.rj-node.rj-active > .rj-name::before { content: '● '; }
.rj-edges { margin: 0; padding-left: 12px; color: #b4bcc8; font-size: 11px; list-style: none; }
.rj-in { color: #7cb7ff; } .rj-out { color: #f0a35e; }
.rj-trail { color: #b8c0cc; }
input[type=text] { font: inherit; color: inherit; background: #11141a; border: 1px solid #4a5263; border-radius: 4px; padding: 1px 4px; width: 10em; }
`;
