"""What a decision is and how it is built from a run, explained, and shown (text, HTML).

May import from core, law, network and regimes; never the front door or the tools."""
