// Files dropped anywhere on the page: the zone is highlighted while something is dragged over the page, and
// onDrop gets the drop's DataTransfer (read it at once: the browser empties it after the event). Without the
// page-wide dragover handler, a file dropped outside the zone would be opened by the browser instead of checked.
export function watchDrops(zone, onDrop) {
  let depth = 0;  // dragenter/dragleave fire for every child element
  document.addEventListener('dragenter', (event) => {
    event.preventDefault();
    depth += 1;
    zone.classList.add('dragging');
  });
  document.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) zone.classList.remove('dragging');
  });
  document.addEventListener('dragover', (event) => event.preventDefault());
  document.addEventListener('drop', (event) => {
    event.preventDefault();
    depth = 0;
    zone.classList.remove('dragging');
    if (event.dataTransfer) onDrop(event.dataTransfer);
  });
}
