// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Errors} from "../../../src/libraries/Errors.sol";
import {RouterTest} from "../../unit/compute-router/shared/RouterTest.sol";

contract SetFee_Fuzz_Test is RouterTest {
    function testFuzz_SetFee(uint16 feeBps, address treasury_) external {
        uint16 maxFeeBps = router.MAX_FEE_BPS();
        if (feeBps > maxFeeBps) {
            vm.expectRevert(
                abi.encodeWithSelector(Errors.ComputeRouter_FeeTooHigh.selector, feeBps, maxFeeBps)
            );
        } else if (feeBps != 0 && treasury_ == address(0)) {
            vm.expectRevert(Errors.ComputeRouter_ZeroAddress.selector);
        }
        vm.prank(admin);
        router.setFee(feeBps, treasury_);

        bool stored = feeBps <= maxFeeBps && (feeBps == 0 || treasury_ != address(0));
        assertEq(router.feeBps(), stored ? feeBps : 0, "feeBps");
        assertEq(router.treasury(), stored ? treasury_ : address(0), "treasury");
    }
}
