// The playground's own styles, for the full page and the embed alike, in cascade order: each file may override the
// ones before it (the phone layout overrides the workspace; the scheduler panel comes last).
import './page.css';
import './workspace.css';
import './phone.css';
import './scheduler.css';
