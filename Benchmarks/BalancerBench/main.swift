import Balancer
print("balancer-bench")
