// The output picker: one toggle button per output of the desktop in the toolbar (aria-pressed on the watched one),
// and "All" (every output side by side in one picture), shown when the server lists more than one. Clicking one asks the server to show that output; only the control
// viewer may (the buttons are disabled for a view-only viewer). State is exposed as state.outputs.
import { outputChoices, readOutputList, selectOutput } from './output-messages.js';
import { setPressed } from './toolbar.js';

/** Returns `onChannelMessage(message)`: true when it was the output list, taken here. */
export function attachOutputs({ state, toolbar }) {
  const group = document.createElement('span');
  group.id = 'outputs';
  group.setAttribute('role', 'group');
  group.setAttribute('aria-label', 'Output shown');
  group.hidden = true;
  toolbar.prepend(group);
  state.outputs = { list: [], current: null, canSelect: false, error: null, requested: null };

  function render() {
    const { list, current, canSelect } = state.outputs;
    group.replaceChildren(...outputChoices(list).map(o => {
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.output = o.name;
      button.textContent = o.label;
      button.title = canSelect ? `Show output ${o.label}` : 'Only the controlling viewer can choose the output';
      button.disabled = !canSelect;
      setPressed(button, o.name === current);
      button.addEventListener('click', () => choose(o.name));
      return button;
    }));
    group.hidden = list.length < 2;
  }

  function choose(name) {
    const dc = state.dc;
    if (!state.outputs.canSelect || !dc || dc.readyState !== 'open' || name === state.outputs.current) return;
    state.outputs.requested = name;
    dc.send(JSON.stringify(selectOutput(name)));
  }

  return {
    onChannelMessage(message) {
      const read = readOutputList(message);
      if (!read) return false;
      state.outputs = { list: read.outputs, current: read.current, canSelect: read.canSelect, error: read.error, requested: state.outputs.requested };
      if (read.error) console.warn('wlwebrtc:', read.error);
      group.title = read.error ?? '';
      render();
      return true;
    },
    choose,
  };
}
