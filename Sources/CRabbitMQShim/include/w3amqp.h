// A small C layer over rabbitmq-c (librabbitmq): Swift cannot call its variadic amqp_login nor
// build its tagged-union tables comfortably, so each AMQP operation the Messaging module needs is
// one plain function here returning 0 on success, a negative value on failure, and a message.
#ifndef W3AMQP_H
#define W3AMQP_H
#include <stddef.h>
#include <stdint.h>

typedef struct w3_conn w3_conn;

typedef struct {
    uint64_t tag;
    void *body;
    size_t body_len;
    char message_id[128];
    int redelivered;
    int priority;
} w3_delivery;

w3_conn *w3_connect(const char *host, int port, const char *vhost, const char *user, const char *password,
                    int heartbeat_seconds, int timeout_ms, char *err, size_t err_len);
void w3_close(w3_conn *c);
int w3_channel_open(w3_conn *c, int channel, char *err, size_t err_len);
int w3_confirm_select(w3_conn *c, int channel, char *err, size_t err_len);
int w3_exchange_declare(w3_conn *c, int channel, const char *name, const char *type, int durable, char *err, size_t err_len);
/// Declares a queue; `name` may be empty for a server-named one (written to out_name).
/// max_priority, message_ttl_ms 0 and dlx/dlrk NULL leave those arguments out.
int w3_queue_declare(w3_conn *c, int channel, const char *name, int durable, int exclusive, int auto_delete,
                     int max_priority, const char *dlx, const char *dlrk, char *out_name, size_t out_len,
                     uint32_t *message_count, char *err, size_t err_len);
int w3_queue_bind(w3_conn *c, int channel, const char *queue, const char *exchange, const char *routing_key, char *err, size_t err_len);
int w3_queue_purge(w3_conn *c, int channel, const char *queue, char *err, size_t err_len);
int w3_qos(w3_conn *c, int channel, int prefetch, char *err, size_t err_len);
int w3_consume(w3_conn *c, int channel, const char *queue, char *err, size_t err_len);
/// Publishes one persistent message; expiration (milliseconds as text) may be NULL.
int w3_publish(w3_conn *c, int channel, const char *exchange, const char *routing_key, const void *body, size_t len,
               const char *message_id, int priority, const char *expiration);
/// Waits up to timeout_ms for one confirm: 1 with tag/multiple/nack set, 0 on timeout, < 0 when the
/// connection or channel is gone.
int w3_wait_confirm(w3_conn *c, int timeout_ms, uint64_t *tag, int *multiple, int *nack);
/// Waits up to timeout_ms for a delivery: 1 with `out` filled (free its body with w3_delivery_free),
/// 0 on timeout, < 0 when the connection or channel is gone.
int w3_next_delivery(w3_conn *c, int timeout_ms, w3_delivery *out);
void w3_delivery_free(w3_delivery *d);
int w3_ack(w3_conn *c, int channel, uint64_t tag);
int w3_nack(w3_conn *c, int channel, uint64_t tag, int requeue);
/// Reads whatever frame is pending for up to timeout_ms so heartbeats are sent and received on an
/// otherwise idle connection: 0 when alive, < 0 when the connection is gone.
int w3_service(w3_conn *c, int timeout_ms);
#endif
