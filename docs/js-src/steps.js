// steps widgets: mount() is called on every page view (Material's document$).
export function mount(root) {}
