"""A Redis cache that, while Redis is down, behaves as an empty cache that forgets every write.

Django's RedisCache raises on a refused connection, so every page that counts a rate limit, uses up
a form token or reads a QR image would answer 500. Here a failed call answers as an empty cache
would: `get` gives the default, `add` succeeds, `incr` finds no key (ValueError, as for a missing
key), writes are dropped. So the rate limits fail open, and the honeypot, the minimum seconds and
the signed token's age still hold (docs/decisions/0014-backups-and-faults.md says why). After a
failure Redis is left alone for RETRY_SECONDS, so that a down Redis costs one refused connection
every few seconds per process, not one per cache call.
"""

import logging
import os
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError

logger = logging.getLogger("carenet.cache")

RETRY_SECONDS = 5
PACKED_COMMANDS = 1000  # about as many pages as a process keeps copies of, and then some


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django builds a new redis.Redis for every call: a fifth of a cached page's time. One per
    connection pool does (a client is thread-safe; the pool holds the connections)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._local = threading.local()
        self._packed = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def get_many(self, keys):
        """MGET on this thread's own open connection: the pool's checkout and redis-py's command
        machinery cost twice the round trip itself, and the page cache reads so on every hit."""
        keys = tuple(keys)
        for attempt in (1, 2):
            connection = self._own_connection()
            try:
                connection.send_packed_command(self._packed_mget(connection, keys))
                values = connection.read_response()
                break
            except RedisConnectionError:  # closed since (Redis restarted, idle timeout): reopen
                connection.disconnect()
                if attempt == 2:
                    raise
            except BaseException:
                connection.disconnect()  # a half-read reply must not meet the next command
                raise
        loads = self._serializer.loads
        pairs = zip(keys, values, strict=True)
        return {key: loads(value) for key, value in pairs if value is not None}

    def _packed_mget(self, connection, keys):
        """The same few keys are asked for again and again (the generation, a page): packing
        them anew cost a tenth of a hit."""
        command = self._packed.get(keys)
        if command is None:
            if len(self._packed) >= PACKED_COMMANDS:
                self._packed.clear()
            command = self._packed[keys] = connection.pack_command("MGET", *keys)
        return command

    def _own_connection(self):
        connection = getattr(self._local, "connection", None)
        if connection is None or connection.pid != os.getpid():  # never a parent's socket
            connection = self._get_connection_pool(write=False).make_connection()
            self._local.connection = connection
        return connection


class FailSafeRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
        self._down_until = 0.0

    def validate_key(self, key):
        """Nothing: the checks are memcached's rules (250 bytes, no spaces), which Redis keys
        need not follow, and going through each character cost more than the packing."""

    def _try(self, call, fallback, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return fallback()
        try:
            return call(*args, **kwargs)
        except (RedisError, OSError) as error:
            self._down_until = time.monotonic() + RETRY_SECONDS
            logger.warning(
                "Redis unavailable, the cache acts empty for %ss: %s", RETRY_SECONDS, error
            )
            return fallback()

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(super().add, lambda: True, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._try(super().get, lambda: default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(super().set, lambda: None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(super().touch, lambda: False, key, timeout, version)

    def delete(self, key, version=None):
        return self._try(super().delete, lambda: False, key, version)

    def get_many(self, keys, version=None):
        return self._try(super().get_many, dict, keys, version)

    def has_key(self, key, version=None):
        return self._try(super().has_key, lambda: False, key, version)

    def incr(self, key, delta=1, version=None):
        def missing():
            raise ValueError(f"Key '{key}' not found (the cache is unavailable)")

        return self._try(super().incr, missing, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(super().set_many, lambda: list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._try(super().delete_many, lambda: None, keys, version)

    def clear(self):
        return self._try(super().clear, lambda: False)
