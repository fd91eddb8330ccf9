"""Client side of sync: pushes the outbox (blobs first), pulls the change feed, keeps number blocks stocked.

worker = SyncWorker(ctx, central_url, blob_reader=materials.read).start()
worker.login(username, password)      # after the local login; never blocks
worker.sync_now()                     # the "立即同步" button
worker.stop()                         # on exit
loader = blobs_fetch.make_page_loader(ctx, blobs_fetch.session_clients(worker))  # pages pulled from elsewhere
"""

from app.sync.client import SyncClient
from app.sync.worker import SyncWorker

__all__ = ["SyncClient", "SyncWorker"]
