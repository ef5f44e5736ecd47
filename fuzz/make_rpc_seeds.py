"""Writes the seed corpus of rpc_fuzz (fuzz/corpus/rpc_fuzz/): one input per unary method with an
empty request, and well-formed requests for the main writes, as admin and as finance_head.

    PYTHONPATH=build/python /usr/bin/python3 fuzz/make_rpc_seeds.py

An input is [method index, role index, request bytes...]. Methods are numbered as rpc_fuzz.cc
numbers them: files in name order (grpc/health/v1/health.proto, then huikuan/v1/*_service.proto),
services and unary methods in declaration order. Roles follow service::AllRoleNames().
"""
import importlib
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[1]
ROLES = ["sales_staff", "sales_head", "finance_staff", "finance_head", "legal_staff", "legal_head",
         "investment_staff", "investment_head", "management_staff", "management_head", "admin",
         "customer"]


def methods():
    found = [("grpc.health.v1.Health", "Check", None)]
    for path in sorted((ROOT / "proto/huikuan/v1").glob("*_service.proto")):
        module = importlib.import_module(f"huikuan.v1.{path.stem}_pb2")
        for service in module.DESCRIPTOR.services_by_name.values():
            for method in service.methods:
                if method.client_streaming or method.server_streaming:
                    continue
                found.append((service.full_name, method.name, method.input_type))
    return found


def main():
    from huikuan.v1 import ledger_service_pb2 as ledger, customer_service_pb2 as customers
    examples = {
        "CreateInvoice": ledger.CreateInvoiceRequest(
            request_id="seed-1", invoice={"customer": "customers/1", "order_number": "SO-1",
                                          "amount_fen": 123456, "invoice_date": "2024-02-29"}),
        "CreateInvoices": ledger.CreateInvoicesRequest(
            request_id="seed-2", invoices=[{"customer": "customers/1", "order_number": "SO-2",
                                            "amount_fen": 5, "invoice_date": "2024-03-01"}]),
        "RecordPayment": ledger.RecordPaymentRequest(
            request_id="seed-3", payment={"customer": "customers/1", "amount_fen": 100,
                                          "received_date": "2024-03-02", "reference": "INV-1-SO-1"}),
        "CreateCustomer": customers.CreateCustomerRequest(
            request_id="seed-4", customer={"display_name": "华东机械", "owner": "users/1",
                                           "industry": "machinery", "founding_date": "2001-05-04"}),
        "ListInvoices": ledger.ListInvoicesRequest(page_size=5, overdue_only=True,
                                                   due_date_from="2024-01-01"),
    }
    out = ROOT / "fuzz/corpus/rpc_fuzz"
    out.mkdir(parents=True, exist_ok=True)
    for index, (service, name, _) in enumerate(methods()):
        for role in ("admin", "finance_head"):
            request = examples.get(name)
            payload = request.SerializeToString() if request is not None else b""
            kind = "example" if request is not None else "empty"
            (out / f"{index:02d}_{service.split('.')[-1]}_{name}_{role}_{kind}").write_bytes(
                bytes([index, ROLES.index(role)]) + payload)


if __name__ == "__main__":
    main()
