"""The cockpit's panes: roadmap, projects, graph, risks, people, log; each draws a snapshot."""
