"""RDF for the document model: IRI minting, namespaces, model → rdflib graph."""
