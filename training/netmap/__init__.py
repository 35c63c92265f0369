"""The network map (netwerkkaart): persons around a client, drawn as SVG; case node and practice tool."""
