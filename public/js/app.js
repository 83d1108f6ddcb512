// Progressive enhancement only: every page works without this file.
document.addEventListener('DOMContentLoaded', () => {
  // After a failed submission, move the focus to the error summary so it is read first.
  const summary = document.getElementById('erreurs')
  if (summary) summary.focus()
})
