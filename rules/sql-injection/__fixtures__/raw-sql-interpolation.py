# path: reports/queries.py
import datetime

from django.db import connection, connections
from django.db.models import F
from django.db.models.expressions import RawSQL

from orders.models import Order

ORDER_TABLE = "orders_order"
STATUS_CLAUSE = " AND status = %s"


def dictfetchall(cursor):
    columns = [col[0] for col in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def revenue_by_day(start, end):
    # ok: raw-sql-interpolation
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT date(created), sum(total) FROM orders_order WHERE created BETWEEN %s AND %s GROUP BY 1",
            [start, end],
        )
        return dictfetchall(cursor)


def orders_for_status(status):
    sql = "SELECT * FROM " + ORDER_TABLE + " WHERE 1 = 1" + STATUS_CLAUSE
    with connection.cursor() as cursor:
        # ok: raw-sql-interpolation
        cursor.execute(sql, [status])
        return dictfetchall(cursor)


def search_customers(term, order_by):
    query = f"SELECT id, email FROM customers_customer WHERE email LIKE '%%{term}%%'"
    if order_by:
        query += " ORDER BY " + order_by
    with connection.cursor() as cursor:
        # expect: raw-sql-interpolation
        cursor.execute(query)
        return dictfetchall(cursor)


def orders_by_ids(ids):
    placeholders = ", ".join(["%s"] * len(ids))
    with connections["replica"].cursor() as cur:
        # ok: raw-sql-interpolation
        cur.execute(f"SELECT * FROM {Order._meta.db_table} WHERE id IN ({placeholders})", ids)
        return dictfetchall(cur)


def archive(days):
    cutoff = datetime.date.today() - datetime.timedelta(days=int(days))
    cursor = connection.cursor()
    # ok: raw-sql-interpolation
    cursor.execute("DELETE FROM orders_order WHERE created < %s LIMIT %d" % ("%s", int(days)), [cutoff])


def customer_orders(customer_id, sort):
    # expect: raw-sql-interpolation
    return Order.objects.raw("SELECT * FROM orders_order WHERE customer_id = %s ORDER BY {}".format(sort), [customer_id])


def annotated(field):
    return Order.objects.annotate(
        # expect: raw-sql-interpolation
        extra_value=RawSQL("SELECT " + field + " FROM orders_meta WHERE orders_meta.order_id = orders_order.id", ()),
        doubled=F("total") * 2,
    )


def legacy_filter(region):
    # expect: raw-sql-interpolation
    return Order.objects.extra(where=["region = '%s'" % region])


def legacy_filter_ok(region):
    # ok: raw-sql-interpolation
    return Order.objects.extra(where=["region = %s"], params=[region])


class Exporter:
    def __init__(self, client):
        self.client = client

    def run(self, name):
        # ok: raw-sql-interpolation
        self.client.execute(f"export --name {name}")
