import { render } from 'preact';
import { App } from './app.js';
import { BoardStore } from './store.js';
import { applyTheme, savedTheme } from './theme.js';
import './base.css';
import './board.css';
import './dialogs.css';
import './views.css';

applyTheme(savedTheme());
const store = new BoardStore();
render(<App store={store} />, document.getElementById('app')!);
void store.start();
