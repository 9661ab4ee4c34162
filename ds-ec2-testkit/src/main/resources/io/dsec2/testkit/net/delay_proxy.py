# A delaying TCP proxy for LocalCloud hosts (ds-ec2 testkit). It runs inside a host's network namespace:
#   python3 delay_proxy.py <listen-port> <target-port> <one-way-delay-ms>
# Every byte is forwarded to 127.0.0.1:<target-port> (and back) no earlier than <delay> after it arrived, in
# order, in both directions, so each round trip over the proxy takes 2 x delay longer. It stops when killed.
import asyncio
import sys
import time

LISTEN, TARGET, DELAY = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]) / 1000.0


async def pump(reader, writer):
    queue = asyncio.Queue()

    async def read_side():
        try:
            while True:
                data = await reader.read(65536)
                queue.put_nowait((time.monotonic() + DELAY, data))
                if not data:
                    return
        except (ConnectionError, OSError):
            queue.put_nowait((time.monotonic() + DELAY, b""))

    async def write_side():
        try:
            while True:
                due, data = await queue.get()
                wait = due - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                if not data:
                    if writer.can_write_eof():
                        writer.write_eof()
                    return
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            return

    await asyncio.gather(read_side(), write_side())


async def handle(client_reader, client_writer):
    try:
        server_reader, server_writer = await asyncio.open_connection("127.0.0.1", TARGET)
    except OSError:
        client_writer.close()
        return
    try:
        await asyncio.gather(pump(client_reader, server_writer), pump(server_reader, client_writer))
    finally:
        for w in (client_writer, server_writer):
            try:
                w.close()
            except OSError:
                pass


async def main():
    server = await asyncio.start_server(handle, "0.0.0.0", LISTEN, backlog=128)
    print("delay proxy listening on %d -> %d, %d ms each way" % (LISTEN, TARGET, DELAY * 1000), flush=True)
    async with server:
        await server.serve_forever()


asyncio.run(main())
