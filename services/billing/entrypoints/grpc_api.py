"""The BillingService servicer: request -> command -> handler -> response. No rules, no SQL."""
from __future__ import annotations

import grpc

from okki_api.billing.v1 import billing_pb2 as pb
from okki_api.billing.v1 import billing_pb2_grpc
from services.billing import handlers
from services.billing.entrypoints import requests as parse
from services.billing.entrypoints import responses as out


class BillingServicer(billing_pb2_grpc.BillingServiceServicer):
    def __init__(self, app):
        self._app = app

    def SetPrice(self, request, context):
        return out.price(handlers.set_price(parse.set_price(request), self._app.uow()))

    def ListPrices(self, request, context):
        product, on = parse.list_prices(request)
        return pb.ListPricesResponse(prices=[out.price(p) for p in handlers.list_prices(product, on, self._app.uow())])

    def SetUsagePrice(self, request, context):
        return out.usage_price(handlers.set_usage_price(parse.set_usage_price(request), self._app.uow()))

    def ListUsagePrices(self, request, context):
        found = handlers.list_usage_prices(parse.list_usage_prices(request), self._app.uow())
        return pb.ListUsagePricesResponse(prices=[out.usage_price(p) for p in found])

    def CreatePromotion(self, request, context):
        return out.promotion(handlers.create_promotion(parse.create_promotion(request), self._app.uow()))

    def PlaceOrder(self, request, context):
        return out.order(handlers.place_order(parse.place_order(request), self._app.uow(), self._app.cell_guard))

    def RecordPayment(self, request, context):
        return out.order(handlers.record_payment(parse.record_payment(request), self._app.uow()))

    def GetOrder(self, request, context):
        return out.order(handlers.get_order(parse.order_id(request), self._app.uow()))

    def ListOrders(self, request, context):
        page, after = handlers.list_orders(parse.list_orders(request), self._app.uow(), self._app.cell_guard)
        return pb.ListOrdersResponse(orders=[out.order(o) for o in page], next_page_token=parse.page_token(after))

    def RequestRefund(self, request, context):
        return out.refund(handlers.request_refund(parse.request_refund(request), self._app.uow()))

    def TopUp(self, request, context):
        return out.standing(handlers.top_up(parse.top_up(request), self._app.uow(), self._app.cell_guard))

    def RecordUsage(self, request, context):
        return out.usage_cycle(handlers.record_usage(parse.record_usage(request), self._app.uow(),
                                                     self._app.cell_guard))

    def GetAccountStanding(self, request, context):
        return out.standing(handlers.get_account_standing(parse.tenant_id(request), self._app.uow(),
                                                          self._app.cell_guard))

    def GetLiabilityCap(self, request, context):
        amount, window = handlers.get_liability_cap(parse.liability_cap(request), self._app.uow(),
                                                    self._app.cell_guard)
        return out.liability_cap(amount, window)

    def RunSweep(self, request, context):
        return pb.RunSweepResponse(summary=handlers.sweep(self._app.uow))


def add_servicers(server: grpc.Server, app) -> None:
    billing_pb2_grpc.add_BillingServiceServicer_to_server(BillingServicer(app), server)
